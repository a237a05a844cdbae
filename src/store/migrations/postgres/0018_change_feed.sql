-- 0018 (issue 15, item 6): the change feed, ordered by commit.
--
-- Every group commit of the store's writer takes the next commit number from `commit_counter`
-- while it holds the write lock, and every event it appends carries that number in `commit_no`.
-- Numbers therefore increase in the order transactions become visible, which `seq` does not
-- promise once several application nodes append to one database (a sequence value is taken when
-- a row is inserted, not when its transaction commits). A reader that has seen everything up to
-- commit N asks for `commit_no > N AND commit_no <= LastCommit()` and neither misses nor repeats a
-- change: no transaction can still commit a number at or below the counter it read.
-- A number may be skipped (a group whose transactions all failed); none is reused.
-- Events stored before this migration keep `commit_no` NULL: they are older than any reader.
ALTER TABLE events ADD COLUMN commit_no BIGINT;
CREATE INDEX events_by_commit ON events (commit_no) WHERE commit_no IS NOT NULL;
CREATE TABLE commit_counter (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  n  BIGINT NOT NULL
);
INSERT INTO commit_counter (id, n) VALUES (1, 0);
