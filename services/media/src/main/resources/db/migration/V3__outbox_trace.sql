-- the upload request's W3C traceparent: the relay continues that trace when it publishes the row
alter table outbox add column trace_parent varchar(64);
