-- Hand-written migration (created with `drizzle-kit generate --custom`).
-- user_activity: one row per account with how much it comments, for the
-- moderation dashboard. Declared in schema.ts with .existing().
CREATE VIEW `user_activity` AS
SELECT
  u.id              AS user_id,
  u.name            AS name,
  u.role            AS role,
  COUNT(c.id)       AS comment_count,
  MAX(c.created_at) AS last_comment_at
FROM users u
LEFT JOIN comments c ON c.author_id = u.id
GROUP BY u.id;
--> statement-breakpoint
-- Keep a trace of every deleted post (editors asked for an undo log).
CREATE TABLE `deleted_posts` (
  `id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  `post_id` integer NOT NULL,
  `author_id` integer,
  `title` text NOT NULL,
  `slug` text NOT NULL,
  `deleted_at` integer DEFAULT (unixepoch()) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `deleted_posts_post_idx` ON `deleted_posts` (`post_id`);
--> statement-breakpoint
CREATE TRIGGER `posts_audit_delete`
AFTER DELETE ON `posts`
FOR EACH ROW
BEGIN
  INSERT INTO deleted_posts (post_id, author_id, title, slug)
  VALUES (OLD.id, OLD.author_id, OLD.title, OLD.slug);
END;
--> statement-breakpoint
-- Bump updated_at when the text of a post changes, unless the app already did.
CREATE TRIGGER `posts_touch_updated_at`
AFTER UPDATE OF title, body ON `posts`
FOR EACH ROW
WHEN NEW.updated_at IS OLD.updated_at
BEGIN
  UPDATE posts SET updated_at = unixepoch() WHERE id = NEW.id;
END;
