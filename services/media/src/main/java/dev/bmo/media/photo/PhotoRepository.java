package dev.bmo.media.photo;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class PhotoRepository {

    private final JdbcClient jdbc;

    public PhotoRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Photo p) {
        jdbc.sql("""
                insert into photo (id, photographer, content_type, width, height, size_bytes, original_key,
                                   idempotency_key, uploaded_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(p.id(), p.photographer(), p.contentType(), p.width(), p.height(), p.sizeBytes(),
                        p.originalKey(), p.idempotencyKey().orElse(null), Timestamp.from(p.uploadedAt()))
                .update();
    }

    public Optional<Photo> find(String id) {
        return jdbc.sql("select * from photo where id = ?").param(id).query(PhotoRepository::map).optional();
    }

    public Optional<Photo> findByIdempotencyKey(String key) {
        return jdbc.sql("select * from photo where idempotency_key = ?").param(key).query(PhotoRepository::map)
                .optional();
    }

    /**
     * One page of the listing, newest first (id breaking ties): the photos after {@code after} (from the start
     * when empty), of one photographer when given.
     */
    public List<Photo> newest(Optional<String> photographer, Optional<PhotoCursor> after, int limit) {
        StringBuilder sql = new StringBuilder("select * from photo where 1 = 1");
        List<Object> params = new java.util.ArrayList<>();
        photographer.ifPresent(name -> {
            sql.append(" and photographer = ?");
            params.add(name);
        });
        after.ifPresent(c -> {
            Timestamp at = Timestamp.from(c.uploadedAt());
            sql.append(" and (uploaded_at < ? or (uploaded_at = ? and id < ?))");
            params.addAll(List.of(at, at, c.id()));
        });
        sql.append(" order by uploaded_at desc, id desc limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(PhotoRepository::map).list();
    }

    /**
     * Records a "converted" event: the earliest conversion time stands, whichever event arrives first (events
     * from different converter hosts, or channels, have no order), and redeliveries change nothing. Returns
     * whether this one counted.
     */
    public boolean markConverted(String id, Instant at) {
        Timestamp t = Timestamp.from(at);
        return jdbc.sql("update photo set converted_at = ? where id = ? and (converted_at is null or converted_at > ?)")
                .params(t, id, t).update() == 1;
    }

    /** Records the first "failed" event of a photo not converted; later ones change nothing. */
    public boolean markFailed(String id, String reason, Instant at) {
        return jdbc.sql("""
                update photo set failed_at = ?, failure_reason = ?
                where id = ? and converted_at is null and failed_at is null""")
                .params(Timestamp.from(at), reason, id).update() == 1;
    }

    public long count() {
        return jdbc.sql("select count(*) from photo").query(Long.class).single();
    }

    private static Photo map(ResultSet rs, int row) throws SQLException {
        Timestamp converted = rs.getTimestamp("converted_at");
        Timestamp failed = rs.getTimestamp("failed_at");
        return new Photo(rs.getString("id"), rs.getString("photographer"), rs.getString("content_type"),
                rs.getInt("width"), rs.getInt("height"), rs.getLong("size_bytes"), rs.getString("original_key"),
                Optional.ofNullable(rs.getString("idempotency_key")), rs.getTimestamp("uploaded_at").toInstant(),
                Optional.ofNullable(converted).map(Timestamp::toInstant),
                Optional.ofNullable(failed).map(Timestamp::toInstant), Optional.ofNullable(rs.getString("failure_reason")));
    }
}
