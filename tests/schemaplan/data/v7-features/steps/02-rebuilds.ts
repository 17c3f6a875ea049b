// Step 02: changes that make drizzle-kit 1.0 rebuild tables: tags.weight real -> integer and its check
// changed (composite primary key kept), users gains a column, codes gains a column with a default.
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, real, sqliteTable, sqliteView, text, unique, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique('users_email_key'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  role: text('role').default('viewer'),
  created: integer('created').default(sql`(unixepoch())`),
  bio: text('bio'),
  fullName: text('full_name').generatedAlwaysAs(sql`(email || '!')`, { mode: 'virtual' }),
}, (t) => [index('users_lower_email').on(sql`lower(${t.email})`).where(sql`${t.active} = 1`)]);

export const tags = sqliteTable('tags', {
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade', onUpdate: 'set null' }),
  tag: text('tag').notNull(),
  weight: integer('weight').default(2),
  slot: integer('slot'),
}, (t) => [primaryKey({ columns: [t.userId, t.tag] }), unique('tags_slot_weight').on(t.slot, t.weight),
  check('weight_positive', sql`${t.weight} >= 1`), uniqueIndex('tags_tag_uq').on(t.tag)]);

export const codes = sqliteTable('codes', {
  code: text('code').notNull(),
  uses: integer('uses').notNull().default(0),
}, (t) => [primaryKey({ name: 'codes_pk_named', columns: [t.code] })]);

export const activeUsers = sqliteView('active_users').as((qb) => qb.select().from(users).where(sql`${users.active} = 1`));
