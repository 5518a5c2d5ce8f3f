-- API keys: only the SHA-256 of a key is kept (keys are 32 random bytes, so a fast hash suffices, as for
-- GitHub's tokens); limit_per_minute is the key's token bucket (its size and its refill per minute).
-- Runs on H2 (the embedded default) and PostgreSQL alike: keep to the SQL both speak.
create table api_key (
    name              varchar(100) primary key,
    key_hash          char(64)     not null unique,
    limit_per_minute  integer      not null,
    created_at        timestamp with time zone not null,
    revoked_at        timestamp with time zone
);
