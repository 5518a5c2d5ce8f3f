package dev.bmo.resizer.web;

/** The JSON body of every error answer: {@code {"status":400,"error":"unknown_parameter","message":"..."}}. */
public record ErrorBody(int status, String error, String message) {
}
