ALTER TABLE `codes` ADD `uses` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `bio` text;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_tags` (
	`user_id` integer NOT NULL,
	`tag` text NOT NULL,
	`weight` integer DEFAULT 2,
	`slot` integer,
	CONSTRAINT `tags_pk` PRIMARY KEY(`user_id`, `tag`),
	CONSTRAINT `fk_tags_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE SET NULL ON DELETE CASCADE,
	CONSTRAINT `tags_slot_weight` UNIQUE(`slot`,`weight`),
	CONSTRAINT "weight_positive" CHECK("weight" >= 1)
);
--> statement-breakpoint
INSERT INTO `__new_tags`(`user_id`, `tag`, `weight`, `slot`) SELECT `user_id`, `tag`, `weight`, `slot` FROM `tags`;--> statement-breakpoint
DROP TABLE `tags`;--> statement-breakpoint
ALTER TABLE `__new_tags` RENAME TO `tags`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `tags_tag_uq` ON `tags` (`tag`);--> statement-breakpoint
DROP VIEW `active_users`;--> statement-breakpoint
CREATE VIEW `active_users` AS select "id", "email", "active", "role", "created", "bio", "full_name" from "users" where "users"."active" = 1;