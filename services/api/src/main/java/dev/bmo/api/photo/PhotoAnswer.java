package dev.bmo.api.photo;

/**
 * A photo's answer for one screen: its view, the view's JSON as Spring MVC writes it, and that JSON's ETag as
 * the ETag filter ({@link ConditionalRequests}) makes it, so a hit written from these reads the same as one
 * written by the controller.
 */
record PhotoAnswer(PhotoView view, byte[] json, String etag) {
}
