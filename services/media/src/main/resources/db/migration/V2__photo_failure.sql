-- A photo the converter can never convert (its original is corrupt): when it said so, and why
-- (for example corrupt_image). Runs on H2 and PostgreSQL alike.
alter table photo add column failed_at timestamp with time zone;
alter table photo add column failure_reason varchar(50);
