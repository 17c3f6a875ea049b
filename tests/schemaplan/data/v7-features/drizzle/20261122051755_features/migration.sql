CREATE TABLE `codes` (
	`code` text NOT NULL,
	CONSTRAINT `codes_pk_named` PRIMARY KEY(`code`)
);
--> statement-breakpoint
CREATE TABLE `tags` (
	`user_id` integer NOT NULL,
	`tag` text NOT NULL,
	`weight` real DEFAULT 1.5,
	`slot` integer,
	CONSTRAINT `tags_pk` PRIMARY KEY(`user_id`, `tag`),
	CONSTRAINT `fk_tags_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE SET NULL ON DELETE CASCADE,
	CONSTRAINT `tags_slot_weight` UNIQUE(`slot`,`weight`),
	CONSTRAINT "weight_positive" CHECK("weight" > 0)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT,
	`email` text NOT NULL CONSTRAINT `users_email_key` UNIQUE,
	`active` integer DEFAULT true NOT NULL,
	`role` text DEFAULT 'viewer',
	`created` integer DEFAULT (unixepoch()),
	`full_name` text GENERATED ALWAYS AS ((email || '!')) VIRTUAL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tags_tag_uq` ON `tags` (`tag`);--> statement-breakpoint
CREATE INDEX `users_lower_email` ON `users` (lower("email")) WHERE "users"."active" = 1;--> statement-breakpoint
CREATE VIEW `active_users` AS select "id", "email", "active", "role", "created", "full_name" from "users" where "users"."active" = 1;