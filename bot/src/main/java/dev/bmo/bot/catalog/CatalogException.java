package dev.bmo.bot.catalog;

/** The catalog or an inventory is missing or malformed: the message names the file and the field. */
public class CatalogException extends RuntimeException {

    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
