package dev.bmo.api.media;

/** What media answered to a GET that it did answer: its status (200, 404, 400) and the JSON body. */
public record MediaReply(int status, byte[] body) {

    public boolean ok() {
        return status == 200;
    }
}
