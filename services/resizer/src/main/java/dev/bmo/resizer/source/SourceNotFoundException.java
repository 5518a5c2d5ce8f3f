package dev.bmo.resizer.source;

/** No original under the requested key: 404. */
public class SourceNotFoundException extends RuntimeException {

    public SourceNotFoundException(String key) {
        super("no image under key '" + key + "'");
    }
}
