-- Which BMO process runs a deploy, and when it last said it still does: a BMO starting while
-- another one deploys must leave that deploy alone, and take over only deploys whose process died.
ALTER TABLE deploys ADD COLUMN runner VARCHAR(300);
ALTER TABLE deploys ADD COLUMN heartbeat_at TIMESTAMP WITH TIME ZONE;
