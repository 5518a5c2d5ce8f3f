package dev.bmo.media.upload;

/** An upload refused before acceptance; nothing of it is left in S3 or the database. */
public class UploadRejectedException extends RuntimeException {

    private final Rejection rejection;

    public UploadRejectedException(Rejection rejection, String message) {
        super(message);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
