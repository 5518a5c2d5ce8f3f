package dev.bmo.imageurls;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command line: prints a signed resizer URL.
 *
 * <pre>BMO_RESIZER_SECRET=... java -cp bmo-image-urls.jar dev.bmo.imageurls.SignUrl [--base URL] KEY [name=value ...]</pre>
 *
 * The base defaults to {@code http://127.0.0.1:8082}; without {@code BMO_RESIZER_SECRET} the local
 * development secret is used (and said on stderr).
 */
public final class SignUrl {

    private SignUrl() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(ImageUrlSigner.SECRET_VARIABLE), System.out, System.err));
    }

    static int run(String[] args, String secret, PrintStream out, PrintStream err) {
        String base = "http://127.0.0.1:8082";
        String key = null;
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                usage(out);
                return 0;
            } else if (arg.equals("--stdin")) {
                return batch(base, secret, out, err);
            } else if (arg.equals("--base")) {
                if (i + 1 >= args.length) {
                    err.println("sign-url: --base needs a URL");
                    return 2;
                }
                base = args[++i];
            } else if (key == null) {
                key = arg.startsWith("/") ? arg.substring(1) : arg;
            } else {
                int eq = arg.indexOf('=');
                if (eq <= 0) {
                    err.println("sign-url: parameters are name=value, got '" + arg + "'");
                    return 2;
                }
                String name = arg.substring(0, eq);
                if (name.equals(ImageUrlSigner.SIGNATURE_PARAMETER)) {
                    err.println("sign-url: do not pass sig; it is computed");
                    return 2;
                }
                parameters.put(name, arg.substring(eq + 1));
            }
        }
        if (key == null || key.isEmpty()) {
            usage(err);
            return 2;
        }
        if (secret == null || secret.isBlank()) {
            err.println("sign-url: " + ImageUrlSigner.SECRET_VARIABLE
                    + " is not set; signing with the local development secret");
            secret = ImageUrlSigner.LOCAL_DEVELOPMENT_SECRET;
        }
        out.println(new ImageUrlSigner(secret).signedUrl(base, key, parameters));
        return 0;
    }

    /** One signed URL per input line "KEY [name=value ...]" (for benchmarks and scripts). */
    private static int batch(String base, String secret, PrintStream out, PrintStream err) {
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8));
        ImageUrlSigner signer = new ImageUrlSigner(secret == null || secret.isBlank()
                ? ImageUrlSigner.LOCAL_DEVELOPMENT_SECRET : secret);
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] words = line.trim().split("\\s+");
                if (words.length == 0 || words[0].isEmpty()) {
                    continue;
                }
                Map<String, String> parameters = new java.util.TreeMap<>();
                for (int i = 1; i < words.length; i++) {
                    int eq = words[i].indexOf('=');
                    if (eq <= 0) {
                        err.println("sign-url: parameters are name=value, got '" + words[i] + "'");
                        return 2;
                    }
                    parameters.put(words[i].substring(0, eq), words[i].substring(eq + 1));
                }
                out.println(signer.signedUrl(base, words[0], parameters));
            }
            return 0;
        } catch (java.io.IOException e) {
            err.println("sign-url: " + e.getMessage());
            return 1;
        }
    }

    private static void usage(PrintStream stream) {
        stream.println("usage: sign-url [--base URL] KEY [name=value ...]");
        stream.println("       sign-url [--base URL] --stdin    (one 'KEY name=value ...' per line)");
        stream.println("  e.g. sign-url originals/abc123 w=800 fmt=webp wm=1");
        stream.println("  the secret comes from " + ImageUrlSigner.SECRET_VARIABLE);
    }
}
