-- A key's configuration version: one more at every change of its key or limit. Each API host builds a key's
-- token bucket with it, and Bucket4j replaces the configuration of a bucket already in Redis when a host
-- brings a newer version, so a changed limit holds at once, not only once the old bucket expires.
alter table api_key add column config_version integer default 1 not null;
