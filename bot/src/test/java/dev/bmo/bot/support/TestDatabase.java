package dev.bmo.bot.support;

import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A migrated, empty database for one test: embedded H2 in memory, or the local PostgreSQL
 * (127.0.0.1:5432, db test, trust auth) in a schema of its own that {@link #close()} drops.
 */
public final class TestDatabase implements AutoCloseable {

    public enum Kind { H2, POSTGRES }

    private final Kind kind;
    private final String schema;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    private TestDatabase(Kind kind, String schema, DataSource dataSource) {
        this.kind = kind;
        this.schema = schema;
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public static TestDatabase create(Kind kind) {
        String name = "bmo_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds;
        if (kind == Kind.H2) {
            ds = new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
        } else {
            ds = pool("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + name);
        }
        Flyway.configure().dataSource(ds).schemas(kind == Kind.POSTGRES ? new String[] {name} : new String[0])
                .load().migrate();
        return new TestDatabase(kind, name, ds);
    }

    public Kind kind() {
        return kind;
    }

    public String jdbcUrl() {
        return kind == Kind.H2 ? "jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1"
                : "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** A second, independent connection source to the same database: "another BMO process". */
    public JdbcTemplate anotherClient() {
        if (kind == Kind.H2) {
            return new JdbcTemplate(new SimpleDriverDataSource(new org.h2.Driver(), jdbcUrl(), "sa", ""));
        }
        return new JdbcTemplate(pool(jdbcUrl()));
    }

    private static DataSource pool(String url) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername("postgres");
        ds.setMaximumPoolSize(8);
        ds.setMinimumIdle(0);
        return ds;
    }

    @Override
    public void close() {
        if (kind == Kind.POSTGRES) {
            jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            ((HikariDataSource) dataSource).close();
        } else {
            jdbc.execute("SHUTDOWN");
        }
    }
}
