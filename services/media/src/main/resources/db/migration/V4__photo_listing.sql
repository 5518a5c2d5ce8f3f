-- The photo listing's keyset order (newest first, id breaking ties), overall and per photographer.
-- Runs on H2 and PostgreSQL alike.
create index photo_newest on photo (uploaded_at, id);
create index photo_by_photographer on photo (photographer, uploaded_at, id);
