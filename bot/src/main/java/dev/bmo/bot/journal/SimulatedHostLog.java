package dev.bmo.bot.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The log of a service on a simulated host ({@code install: local}): the file its process writes,
 * {@code <hosts dir>/<host>/log/<package>.log} (playbooks/roles/restart/tasks/local.yml), of which only the
 * tail is read, {@code maxBytes} at most, never the whole file.
 */
public final class SimulatedHostLog implements HostLogSource {

    /** How much of a log file's end is read at most. */
    public static final long MAX_BYTES = 4L << 20;

    private final Path hostsRoot;
    private final String packageName;
    private final long maxBytes;

    public SimulatedHostLog(Path hostsRoot, String packageName, long maxBytes) {
        this.hostsRoot = hostsRoot;
        this.packageName = packageName;
        this.maxBytes = maxBytes;
    }

    public Path file(String host) {
        return hostsRoot.resolve(host).resolve("log").resolve(packageName + ".log");
    }

    @Override
    public HostLog read(String host, Instant since, int max) {
        Path file = file(host);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long from = Math.max(0, size - maxBytes);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
            while (buffer.hasRemaining() && ch.read(buffer, from + buffer.position()) > 0) {
                // read the tail as it was when opened; what is written meanwhile is for the next look
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            if (from > 0) {
                int nl = text.indexOf('\n');
                text = nl < 0 ? "" : text.substring(nl + 1); // the first line is cut: drop it
            }
            List<String> lines = Arrays.asList(text.split("\n"));
            Instant modified = Files.getLastModifiedTime(file).toInstant();
            List<LogLine> entries = LogLineParser.fromFile(lines, host, modified);
            return HostLog.window(host, entries, since, max, from > 0, "the last " + human(maxBytes) + " of its log file");
        } catch (NoSuchFileException e) {
            return HostLog.failed(host, "no log file " + file + " (never deployed there?)");
        } catch (IOException e) {
            return HostLog.failed(host, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String human(long bytes) {
        return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB"
                : bytes >= 1024 && bytes % 1024 == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
    }
}
