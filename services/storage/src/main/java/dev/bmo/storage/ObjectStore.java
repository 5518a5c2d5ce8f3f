package dev.bmo.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.paginators.ListObjectsV2Iterable;

/**
 * The fleet's one S3 code path: streaming puts (a single PUT for small bodies, multipart for large
 * or unknown-length ones, holding one part in memory at a time), streaming and ranged gets, HEAD
 * metadata, deletes and listings, all against one bucket.
 */
public final class ObjectStore implements AutoCloseable {

    /** 8 MiB parts: above S3's 5 MiB minimum, and the most a put holds in memory. */
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    private static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);

    private final S3Client s3;
    private final String bucket;
    private final int partSize;
    private final boolean ownsClient;

    public ObjectStore(S3Client s3, String bucket) {
        this(s3, bucket, DEFAULT_PART_SIZE, false);
    }

    public ObjectStore(S3Client s3, String bucket, int partSize, boolean ownsClient) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 parts are at least 5 MiB, not " + partSize);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
        this.ownsClient = ownsClient;
    }

    /** A store with its own client built from the settings; closing the store closes the client. */
    public static ObjectStore open(StorageSettings settings) {
        return new ObjectStore(S3ClientFactory.create(settings), settings.bucket(), DEFAULT_PART_SIZE, true);
    }

    public String bucket() {
        return bucket;
    }

    /** The underlying SDK client, for calls this class does not wrap. */
    public S3Client client() {
        return s3;
    }

    public int partSize() {
        return partSize;
    }

    public StoredObject put(String key, byte[] body, String contentType, Map<String, String> metadata) {
        try {
            PutObjectResponse r = s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).metadata(MetadataValues.encodeAll(metadata)),
                    RequestBody.fromBytes(body));
            return new StoredObject(key, body.length, r.eTag(), 1);
        } catch (SdkException e) {
            throw new StorageException("put " + key + " failed: " + e.getMessage(), e);
        }
    }

    public StoredObject put(String key, InputStream body, String contentType, Map<String, String> metadata) {
        return put(key, body, contentType, metadata, Long.MAX_VALUE);
    }

    /**
     * Streams {@code body} (of any length, known or not) into {@code key}. Bodies up to one part go up
     * in one PUT; longer ones as a multipart upload. When the body passes {@code maxBytes}, or reading
     * or writing fails, the multipart upload is aborted so nothing is left behind, and the call throws
     * ({@link BodyTooLargeException}, {@link StorageException}, or the reader's {@link UncheckedIOException}).
     */
    public StoredObject put(String key, InputStream body, String contentType, Map<String, String> metadata,
                            long maxBytes) {
        byte[] buffer = new byte[partSize];
        int n = fill(body, buffer);
        if (n > maxBytes) {
            throw new BodyTooLargeException(maxBytes);
        }
        if (n < partSize) {
            try {
                PutObjectResponse r = s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).metadata(MetadataValues.encodeAll(metadata)),
                        RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, n), n));
                return new StoredObject(key, n, r.eTag(), 1);
            } catch (SdkException e) {
                throw new StorageException("put " + key + " failed: " + e.getMessage(), e);
            }
        }
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType).metadata(MetadataValues.encodeAll(metadata)))
                    .uploadId();
        } catch (SdkException e) {
            throw new StorageException("starting multipart upload of " + key + " failed: " + e.getMessage(), e);
        }
        List<CompletedPart> parts = new ArrayList<>();
        long total = 0;
        boolean done = false;
        try {
            while (n > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new BodyTooLargeException(maxBytes);
                }
                int partNumber = parts.size() + 1;
                int length = n;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                                .contentLength((long) length),
                        RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                n = fill(body, buffer);
            }
            CompleteMultipartUploadResponse r = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            done = true;
            return new StoredObject(key, total, r.eTag(), parts.size());
        } catch (SdkException e) {
            throw new StorageException("multipart upload of " + key + " failed: " + e.getMessage(), e);
        } finally {
            if (!done) {
                abort(key, uploadId);
            }
        }
    }

    private void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId).build());
        } catch (SdkException e) {
            // a lifecycle rule for incomplete uploads is the backstop; say so once
            log.warn("could not abort multipart upload of {}: {}", key, e.getMessage());
        }
    }

    /** Reads until the buffer is full or the stream ends; returns how many bytes it holds. */
    private static int fill(InputStream in, byte[] buffer) {
        try {
            return in.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Streams the whole object. */
    public ObjectStream get(String key) {
        return get(key, GetObjectRequest.builder().bucket(bucket).key(key).build());
    }

    /** Streams bytes {@code first..last} (inclusive) of the object. */
    public ObjectStream getRange(String key, long first, long last) {
        return get(key, GetObjectRequest.builder().bucket(bucket).key(key).range("bytes=" + first + "-" + last).build());
    }

    private ObjectStream get(String key, GetObjectRequest request) {
        try {
            ResponseInputStream<GetObjectResponse> in = s3.getObject(request);
            GetObjectResponse r = in.response();
            ObjectInfo info = new ObjectInfo(key, r.contentLength(), r.contentType(), r.eTag(), r.lastModified(),
                    MetadataValues.decodeAll(r.metadata()));
            return new ObjectStream(in, info, in::abort);
        } catch (NoSuchKeyException e) {
            throw new ObjectNotFoundException(key);
        } catch (SdkException e) {
            throw new StorageException("get " + key + " failed: " + e.getMessage(), e);
        }
    }

    public byte[] getBytes(String key) {
        try (ObjectStream in = get(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new StorageException("reading " + key + " failed: " + e.getMessage(), e);
        }
    }

    /** The object's size, type and metadata without its body; empty when there is no such key. */
    public Optional<ObjectInfo> head(String key) {
        try {
            HeadObjectResponse r = s3.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new ObjectInfo(key, r.contentLength(), r.contentType(), r.eTag(), r.lastModified(),
                    MetadataValues.decodeAll(r.metadata())));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new StorageException("head " + key + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new StorageException("head " + key + " failed: " + e.getMessage(), e);
        }
    }

    public boolean exists(String key) {
        return head(key).isPresent();
    }

    /** Deletes the key; deleting a missing key is not an error (S3 semantics). */
    public void delete(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new StorageException("delete " + key + " failed: " + e.getMessage(), e);
        }
    }

    /** Every key under the prefix, in key order. */
    public List<String> list(String prefix) {
        try {
            ListObjectsV2Iterable pages = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix));
            return pages.contents().stream().map(S3Object::key).toList();
        } catch (SdkException e) {
            throw new StorageException("list " + prefix + " failed: " + e.getMessage(), e);
        }
    }

    /** Multipart uploads started under the prefix and neither completed nor aborted. */
    public List<String> pendingUploads(String prefix) {
        try {
            return s3.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix)).uploads().stream()
                    .map(u -> u.key()).toList();
        } catch (SdkException e) {
            throw new StorageException("listing uploads under " + prefix + " failed: " + e.getMessage(), e);
        }
    }

    /** Throws unless the bucket is reachable with these credentials (health checks). */
    public void checkBucket() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (SdkException e) {
            throw new StorageException("bucket " + bucket + " unreachable: " + e.getMessage(), e);
        }
    }

    public void createBucketIfMissing() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw new StorageException("bucket " + bucket + ": " + e.getMessage(), e);
            }
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }
}
