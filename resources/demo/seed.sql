-- Demo data for the Sluice demo blog, for the schema as it is after
-- migration 0003_index_published_posts.
--
-- Everything is generated with recursive CTEs from small word lists, so this
-- file stays small while producing thousands of rows. It is deterministic:
-- there is no random(); every "random" choice comes from a multiplicative
-- hash of the row number,
--     h(n) = ((n * P + C) % 4294967296) >> 16        (0 .. 65535)
-- with a different prime P per field. Timestamps are unix seconds between
-- 2023-01-01 (1672531200) and 2024-12-31, booleans are 0/1.
--
-- Load it with foreign keys ON (the last step deletes a few draft posts and
-- relies on ON DELETE CASCADE and the posts_audit_delete trigger):
--     sqlite3 demo.db < seed.sql

PRAGMA foreign_keys = ON;

BEGIN;

-- ---------------------------------------------------------------- word lists
CREATE TEMP TABLE w_first (i INTEGER PRIMARY KEY, name TEXT NOT NULL, ascii TEXT NOT NULL);
INSERT INTO w_first (i, name, ascii) VALUES
  (0,'Alice','alice'),(1,'Oliver','oliver'),(2,'Zoë','zoe'),(3,'José','jose'),
  (4,'Łukasz','lukasz'),(5,'Søren','soren'),(6,'Chloé','chloe'),(7,'Björn','bjorn'),
  (8,'Mei','mei'),(9,'美咲','misaki'),(10,'Ngozi','ngozi'),(11,'Aarav','aarav'),
  (12,'Fatima','fatima'),(13,'Olusegun','olusegun'),(14,'Inês','ines'),(15,'François','francois'),
  (16,'Priya','priya'),(17,'Kenji','kenji'),(18,'Amelia','amelia'),(19,'Emma','emma'),
  (20,'Liam','liam'),(21,'Noah','noah'),(22,'Sofia','sofia'),(23,'Lucas','lucas'),
  (24,'Mia','mia'),(25,'Ethan','ethan'),(26,'Hannah','hannah'),(27,'Mateo','mateo'),
  (28,'Layla','layla'),(29,'Daniel','daniel'),(30,'Grace','grace'),(31,'Omar','omar'),
  (32,'Elena','elena'),(33,'Jonas','jonas'),(34,'Sara','sara'),(35,'Tomás','tomas'),
  (36,'Yuki','yuki'),(37,'Ava','ava'),(38,'Leo','leo'),(39,'Nora','nora');

CREATE TEMP TABLE w_last (i INTEGER PRIMARY KEY, name TEXT NOT NULL, ascii TEXT NOT NULL);
INSERT INTO w_last (i, name, ascii) VALUES
  (0,'Smith','smith'),(1,'Johnson','johnson'),(2,'Müller','mueller'),(3,'García','garcia'),
  (4,'Nakamura','nakamura'),(5,'Østergaard','ostergaard'),(6,'Đorđević','djordjevic'),(7,'Kowalski','kowalski'),
  (8,'Rossi','rossi'),(9,'Dubois','dubois'),(10,'Novak','novak'),(11,'Silva','silva'),
  (12,'Okafor','okafor'),(13,'Patel','patel'),(14,'Kim','kim'),(15,'Nguyen','nguyen'),
  (16,'Chen','chen'),(17,'Ivanova','ivanova'),(18,'O''Brien','obrien'),(19,'Jansen','jansen'),
  (20,'Larsen','larsen'),(21,'Fischer','fischer'),(22,'Moreau','moreau'),(23,'Costa','costa'),
  (24,'Haddad','haddad'),(25,'Yılmaz','yilmaz'),(26,'Andersson','andersson'),(27,'Schmidt','schmidt'),
  (28,'佐藤','sato'),(29,'Brown','brown'),(30,'Wilson','wilson'),(31,'Taylor','taylor'),
  (32,'Martin','martin'),(33,'López','lopez'),(34,'Walker','walker'),(35,'Young','young'),
  (36,'Hall','hall'),(37,'Wright','wright'),(38,'Clarke','clarke'),(39,'Singh','singh');

CREATE TEMP TABLE w_domain (i INTEGER PRIMARY KEY, d TEXT NOT NULL);
INSERT INTO w_domain (i, d) VALUES
  (0,'example.com'),(1,'example.org'),(2,'mail.example.net'),(3,'example.io'),(4,'blog.example.dev');

CREATE TEMP TABLE w_bio (i INTEGER PRIMARY KEY, t TEXT NOT NULL);
INSERT INTO w_bio (i, t) VALUES
  (0,'Backend developer. Writes about databases and the boring parts of production.'),
  (1,'Coffee, code and long walks. Opinions are my own.'),
  (2,'Maintainer of a few small open source libraries.'),
  (3,'Technical writer turned engineer, or the other way round.'),
  (4,'Keeps the servers up at night so you don''t have to.'),
  (5,'Data engineer. Knows more about CSV quoting than anyone should.'),
  (6,'Desktop apps, Qt and the occasional game jam.'),
  (7,'Ex-physicist. Now I plot things for a living.'),
  (8,'Baker on weekends 🍞, SQL on weekdays.'),
  (9,'Développeuse full-stack à Lyon.'),
  (10,'Learning in public. Corrections welcome.'),
  (11,'Product person who still reads query plans.');

CREATE TEMP TABLE w_locale (i INTEGER PRIMARY KEY, l TEXT NOT NULL);
INSERT INTO w_locale (i, l) VALUES (0,'de'),(1,'fr'),(2,'es'),(3,'ja'),(4,'pt-BR'),(5,'pl');

CREATE TEMP TABLE w_topic (i INTEGER PRIMARY KEY, t TEXT NOT NULL);
INSERT INTO w_topic (i, t) VALUES
  (0,'SQLite'),(1,'Foreign Keys'),(2,'Schema Migrations'),(3,'WAL Mode'),(4,'Full-Text Search'),
  (5,'Backups'),(6,'Indexes'),(7,'Query Plans'),(8,'Drizzle ORM'),(9,'TypeScript'),
  (10,'Qt Widgets'),(11,'Sourdough Bread'),(12,'Remote Work'),(13,'Mechanical Keyboards'),(14,'Home Servers'),
  (15,'Rust'),(16,'C++ Templates'),(17,'Code Review'),(18,'Dark Mode'),(19,'CSV Imports'),
  (20,'Time Zones'),(21,'Unicode'),(22,'Caching'),(23,'Observability'),(24,'On-Call'),
  (25,'Technical Writing'),(26,'Open Source'),(27,'Container Images'),(28,'Test Fixtures'),(29,'SQL Views');

CREATE TEMP TABLE w_verb (i INTEGER PRIMARY KEY, t TEXT NOT NULL);
INSERT INTO w_verb (i, t) VALUES
  (0,'Debug'),(1,'Benchmark'),(2,'Learn'),(3,'Teach'),(4,'Automate'),(5,'Survive'),(6,'Untangle'),(7,'Love');

CREATE TEMP TABLE w_claim (i INTEGER PRIMARY KEY, t TEXT NOT NULL);
INSERT INTO w_claim (i, t) VALUES
  (0,'Still Matters'),(1,'Is Harder Than It Looks'),(2,'Is Overrated'),(3,'Deserves a Second Look'),
  (4,'Broke Our Release'),(5,'Made Us Faster');

CREATE TEMP TABLE w_suffix (i INTEGER PRIMARY KEY, t TEXT NOT NULL);
INSERT INTO w_suffix (i, t) VALUES
  (0,'A Practical Guide'),(1,'The Missing Manual'),(2,'What We Learned'),(3,'Part 2'),(4,'A Retrospective');

CREATE TEMP TABLE w_sentence (i INTEGER PRIMARY KEY, t TEXT NOT NULL);
INSERT INTO w_sentence (i, t) VALUES
  (0,'We started with the simplest thing that could possibly work.'),
  (1,'It worked, until the table grew past a few million rows.'),
  (2,'The fix turned out to be a single index, but finding it took a week.'),
  (3,'Measure first: the slow part is rarely where you expect it.'),
  (4,'Here is the query we ended up with, and why it is shaped this way.'),
  (5,'Nobody reads the documentation until something breaks.'),
  (6,'Run `EXPLAIN QUERY PLAN` before you trust your intuition.'),
  (7,'Backups you have never restored are only a hope.'),
  (8,'The migration ran fine on staging, which had no data.'),
  (9,'Small, boring tools age better than clever ones.'),
  (10,'Write the test that fails before you write the fix.'),
  (11,'Our users noticed before our dashboards did.'),
  (12,'Keep transactions short and foreign keys on.'),
  (13,'The second version deleted half of the code and none of the features.'),
  (14,'I would do it again, but I would start with the data model.'),
  (15,'There is a trade-off here, and it is worth writing down.'),
  (16,'Thanks to everyone who reviewed the draft of this post.'),
  (17,'Ça marche, mais seulement avec des index partiels.'),
  (18,'If you only take one thing away: read the error message twice.'),
  (19,'The numbers below come from a laptop, so take them with salt.');

CREATE TEMP TABLE w_comment (i INTEGER PRIMARY KEY, t TEXT NOT NULL);
INSERT INTO w_comment (i, t) VALUES
  (0,'Great post, thanks!'),(1,'This saved me hours.'),(2,'I disagree with the conclusion, but the benchmarks are useful.'),
  (3,'Have you tried doing this with a partial index?'),(4,'Typo in the second paragraph: "teh".'),
  (5,'Merci beaucoup ! 🙏'),(6,'Could you share the benchmark script?'),(7,'+1'),
  (8,'Bookmarked for the next time this bites me.'),(9,'We hit exactly the same bug last month.'),
  (10,'What version of SQLite was this on?'),(11,'The diagram really helps, thank you.'),
  (12,'Does this still hold with WAL mode enabled?'),(13,'ありがとうございます！'),
  (14,'Nice write-up. Looking forward to part two.'),(15,'This is the way. 🚀'),
  (16,'I think the second query has a missing JOIN condition.'),(17,'Sharing this with my team.');

CREATE TEMP TABLE w_png (i INTEGER PRIMARY KEY, name TEXT NOT NULL, data BLOB NOT NULL);
-- Tiny valid PNG images (8-bit RGB, made with zlib + struct) so that an
-- image preview has something to show.
INSERT INTO w_png (i, name, data) VALUES
  (0,'red-square.png',X'89504E470D0A1A0A0000000D494844520000001000000010080200000090916836000000164944415478DA63B863A44F126218D530AA61F86A0000348A3D10D9F7F95A0000000049454E44AE426082'),
  (1,'teal-square.png',X'89504E470D0A1A0A0000000D494844520000001000000010080200000090916836000000164944415478DA63D05A388324C430AA6154C3F0D500004CE163108C7DB3A60000000049454E44AE426082'),
  (2,'gradient.png',X'89504E470D0A1A0A0000000D494844520000001000000010080200000090916836000001964944415478DA0DCB410100210800412310C108442082118C40042218C10844E0B94F2318C10877F39FD61AD2E80D6D58633466C31BD1588DDDC846354EE3365EA33541842EA860C210A6E042084BD8420A251CE10A4FFED0914EEF68C73AA3333BDE89CEEAEC4E76AA733AB7F3FA1F1451BAA28A2943998A2BA12C652BA9947294AB3CFD83214637D4306318D370238C656C238D328E718D677F18C8A00F7460833198031FC4600DF620073538833B78E30F1399F4894E6C322673E29398ACC99EE4A4266772276FFEC111A73BEA98339CE9B813CE72B6934E39C7B9CEF33F0412F440030B4630030F2258C10E32A8E0043778F187852CFA4217B6188BB9F0452CD6622F72518BB3B88BB7FEB0914DDFE8C636633337BE89CDDAEC4D6E6A733677F3F61F12497AA289252399892791AC6427995472929BBCFC4321452FB4B06214B3F0228A55EC228B2A4E718B577F38C8A11FF460877198073FC4611DF6210F7538877B78E70F17B9F48B5EEC322EF3E297B8ACCBBEE4A52EE7722FEFFEE1218FFED0873DC6633EFC118FF5D88F7CD4E33CEEE33D3E8674B810F218D8A20000000049454E44AE426082'),
  (3,'checkerboard.png',X'89504E470D0A1A0A0000000D494844520000001000000010080200000090916836000000204944415478DA63F88004E490002E718641A8811845C8E28351C3683C0C0A0D004F64951019D7E8FE0000000049454E44AE426082'),
  (4,'dot.png',X'89504E470D0A1A0A0000000D4948445200000020000000200802000000FC18EDA3000000584944415478DA63F8FBED314D11C3A805A316C0905AF7253444350B308D26C91A06B28D26D21A06CA4DC76FC7005940AAE978EC18080BC8331D971DA3168C4C0B867E3E181665113D8A6B7A543874AA32479B2DA3161042009389B61486CED3490000000049454E44AE426082'),
  (5,'stripes.png',X'89504E470D0A1A0A0000000D49484452000000180000001808020000006F15AAAF000000414944415478DA63D8DAC90047398547E0885471EA9802E452C714A841949B0232882AA6A0184461A83350C514A8415449010CA3E968341D8DA6A3D1743448D211008BCA3B0E930B52560000000049454E44AE426082');

-- 96 KiB of deterministic pseudo-random bytes; attachments are slices of it.
CREATE TEMP TABLE noise (data BLOB NOT NULL);
INSERT INTO noise (data)
WITH RECURSIVE b(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM b WHERE i < 98303)
SELECT CAST(group_concat(substr(X'000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F404142434445464748494A4B4C4D4E4F505152535455565758595A5B5C5D5E5F606162636465666768696A6B6C6D6E6F707172737475767778797A7B7C7D7E7F808182838485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBFC0C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDFE0E1E2E3E4E5E6E7E8E9EAEBECEDEEEFF0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF', 1 + ((((i * 2654435761 + 40503) % 4294967296) >> 8) * 2246822519 % 4294967296) >> 24, 1), '') AS BLOB)
FROM b;

-- --------------------------------------------------------------------- tags
INSERT INTO tags (id, name, slug) VALUES
  (1,'SQLite','sqlite'),(2,'Databases','databases'),(3,'Migrations','migrations'),(4,'Performance','performance'),
  (5,'Drizzle','drizzle'),(6,'TypeScript','typescript'),(7,'C++','cpp'),(8,'Qt','qt'),
  (9,'Rust','rust'),(10,'DevOps','devops'),(11,'Backups','backups'),(12,'Security','security'),
  (13,'Testing','testing'),(14,'Tutorial','tutorial'),(15,'Opinion','opinion'),(16,'Release Notes','release-notes'),
  (17,'Career','career'),(18,'Remote Work','remote-work'),(19,'Open Source','open-source'),(20,'Tooling','tooling'),
  (21,'Linux','linux'),(22,'macOS','macos'),(23,'Windows','windows'),(24,'Design','design'),
  (25,'Accessibility','accessibility'),(26,'Unicode','unicode'),(27,'Data Modeling','data-modeling'),(28,'SQL','sql'),
  (29,'Indexes','indexes'),(30,'Observability','observability'),(31,'Incidents','incidents'),(32,'Hardware','hardware'),
  (33,'Cooking','cooking'),(34,'Books','books'),(35,'Conferences','conferences'),(36,'Side Projects','side-projects'),
  (37,'Données','donnees'),(38,'Beginners','beginners'),(39,'Deep Dive','deep-dive'),(40,'Meta','meta');

-- -------------------------------------------------------------------- users
-- 500 accounts, signing up evenly over the two years. The first three are
-- admins; roughly 8 % editors, 22 % authors, the rest viewers.
INSERT INTO users (id, email, name, role, is_active, created_at, bio, locale)
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 500),
h AS (
  SELECT n,
         ((n * 2654435761 + 7) % 4294967296) >> 16 AS h1,
         ((n * 2246822519 + 11) % 4294967296) >> 16 AS h2,
         ((n * 3266489917 + 13) % 4294967296) >> 16 AS h3,
         ((n * 668265263 + 17) % 4294967296) >> 16 AS h4,
         ((n * 374761393 + 19) % 4294967296) >> 16 AS h5
  FROM seq
)
SELECT h.n,
       f.ascii || '.' || l.ascii || h.n || '@' || d.d,
       f.name || ' ' || l.name,
       CASE WHEN h.n <= 3 THEN 'admin'
            WHEN h.h3 % 100 < 8 THEN 'editor'
            WHEN h.h3 % 100 < 30 THEN 'author'
            ELSE 'viewer' END,
       CASE WHEN h.n <= 3 OR h.h4 % 100 >= 7 THEN 1 ELSE 0 END,
       1672531200 + (h.n - 1) * 113000 + h.h5 % 86400,
       CASE WHEN h.h4 % 10 < 4 THEN (SELECT t FROM w_bio WHERE i = h.h5 % 12) END,
       CASE WHEN h.h2 % 100 < 70 THEN 'en' ELSE (SELECT l FROM w_locale WHERE i = h.h2 % 6) END
FROM h
JOIN w_first f ON f.i = h.h1 % 40
JOIN w_last l ON l.i = h.h2 % 40
JOIN w_domain d ON d.i = h.h4 % 5
ORDER BY h.n;

-- People who write: a few prolific ones get most posts (k is skewed low).
CREATE TEMP TABLE writers AS
SELECT row_number() OVER (ORDER BY id) AS k, id, created_at
FROM users WHERE role IN ('admin', 'editor', 'author');

-- -------------------------------------------------------------------- posts
-- 3000 posts; about 85 % published. Every 50th post has a long body.
INSERT INTO posts (id, author_id, title, slug, body, published, published_at, view_count, created_at, updated_at)
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 3000),
h AS (
  SELECT n,
         ((n * 2654435761 + 101) % 4294967296) >> 16 AS h1,
         ((n * 2246822519 + 103) % 4294967296) >> 16 AS h2,
         ((n * 3266489917 + 107) % 4294967296) >> 16 AS h3,
         ((n * 668265263 + 109) % 4294967296) >> 16 AS h4,
         ((n * 374761393 + 113) % 4294967296) >> 16 AS h5
  FROM seq
),
p AS (
  SELECT h.*,
         w.id AS author_id,
         w.created_at + 3600 + (h.h3 * 65536 + h.h4) % (1735689599 - 3600 - w.created_at) AS created_at,
         (SELECT t FROM w_topic WHERE i = h.h2 % 30) AS topic,
         CASE h.h3 % 5
           WHEN 0 THEN 'How to ' || (SELECT t FROM w_verb WHERE i = h.h4 % 8) || ' ' || (SELECT t FROM w_topic WHERE i = h.h2 % 30)
           WHEN 1 THEN 'Notes on ' || (SELECT t FROM w_topic WHERE i = h.h2 % 30)
           WHEN 2 THEN 'Why ' || (SELECT t FROM w_topic WHERE i = h.h2 % 30) || ' ' || (SELECT t FROM w_claim WHERE i = h.h4 % 6)
           WHEN 3 THEN (3 + h.h4 % 10) || ' Lessons from ' || (SELECT t FROM w_topic WHERE i = h.h2 % 30)
           ELSE (SELECT t FROM w_topic WHERE i = h.h2 % 30) || ': ' || (SELECT t FROM w_suffix WHERE i = h.h4 % 5)
         END AS title
  FROM h
  JOIN writers w ON w.k = 1 + ((h.h1 % (SELECT count(*) FROM writers)) * (h.h5 % (SELECT count(*) FROM writers))) / (SELECT count(*) FROM writers)
)
SELECT p.n,
       p.author_id,
       p.title,
       lower(replace(replace(replace(p.title, ':', ''), '+', 'p'), ' ', '-')) || '-' || p.n,
       (SELECT t FROM w_sentence WHERE i = p.h1 % 20) || ' ' ||
       (SELECT t FROM w_sentence WHERE i = p.h2 % 20) || ' ' ||
       (SELECT t FROM w_sentence WHERE i = p.h3 % 20) || char(10) || char(10) ||
       (SELECT t FROM w_sentence WHERE i = p.h4 % 20) || ' ' ||
       (SELECT t FROM w_sentence WHERE i = p.h5 % 20) ||
       CASE WHEN p.n % 50 = 0
            THEN char(10) || char(10) || '## ' || p.topic || ' in depth' || char(10) || char(10) ||
                 replace(hex(zeroblob(20 + p.h1 % 180)), '00',
                         (SELECT t FROM w_sentence WHERE i = (p.h2 + 7) % 20) || ' ')
            ELSE '' END,
       CASE WHEN p.h4 % 100 < 85 THEN 1 ELSE 0 END,
       CASE WHEN p.h4 % 100 < 85 THEN p.created_at + p.h5 % 172800 END,
       CASE WHEN p.h4 % 100 < 85 THEN (p.h1 % 300) * (p.h2 % 300) / 20 + p.h3 % 50 ELSE 0 END,
       p.created_at,
       CASE WHEN p.h3 % 10 < 3 THEN p.created_at + 86400 + p.h1 * 16 END
FROM p
ORDER BY p.n;

-- Tags: 1 to 3 distinct tags per post (about 6000 rows), popular tags first.
INSERT INTO posts_tags (post_id, tag_id)
WITH h AS (
  SELECT id AS n,
         ((id * 2654435761 + 211) % 4294967296) >> 16 AS h1,
         ((id * 2246822519 + 223) % 4294967296) >> 16 AS h2,
         ((id * 3266489917 + 227) % 4294967296) >> 16 AS h3
  FROM posts
),
k(k) AS (VALUES (0), (1), (2))
SELECT h.n, 1 + ((h.h1 % 40) * (h.h2 % 40) / 40 + k.k * (1 + h.h3 % 13)) % 40
FROM h JOIN k ON k.k <= h.h3 % 3
ORDER BY h.n, k.k;

-- ----------------------------------------------------------------- comments
-- 12000 comments on published posts; posts with more views get more
-- comments. About 4 % have no author any more (account deleted: SET NULL).
CREATE TEMP TABLE published AS
SELECT row_number() OVER (ORDER BY view_count DESC, id) AS k, id, published_at
FROM posts WHERE published = 1;

INSERT INTO comments (id, post_id, author_id, body, created_at)
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 12000),
h AS (
  SELECT n,
         ((n * 2654435761 + 307) % 4294967296) >> 16 AS h1,
         ((n * 2246822519 + 311) % 4294967296) >> 16 AS h2,
         ((n * 3266489917 + 313) % 4294967296) >> 16 AS h3,
         ((n * 668265263 + 317) % 4294967296) >> 16 AS h4,
         ((n * 374761393 + 331) % 4294967296) >> 16 AS h5
  FROM seq
)
SELECT h.n,
       p.id,
       -- someone who had already signed up (users join every 113000 s)
       CASE WHEN h.h3 % 100 < 4 THEN NULL
            ELSE 1 + h.h4 % max(1, min(500, (p.published_at - 1672531200) / 113000)) END,
       (SELECT t FROM w_comment WHERE i = h.h5 % 18) ||
       CASE WHEN h.h3 % 3 = 0 THEN ' ' || (SELECT t FROM w_comment WHERE i = (h.h5 + 5) % 18) ELSE '' END,
       p.published_at + 60 + (h.h4 % 600) * (h.h4 % 600) * 7 + h.h2 % 3600
FROM h
JOIN published p ON p.k = 1 + ((h.h1 % (SELECT count(*) FROM published)) * (h.h2 % (SELECT count(*) FROM published))) / (SELECT count(*) FROM published)
ORDER BY h.n;

-- -------------------------------------------------------------- attachments
-- 300 files: every 25th is a real PNG, every 7th a text file, the rest are
-- pseudo-random binary slices labelled as PDF / zip / octet-stream.
INSERT INTO attachments (id, post_id, filename, mime, data, size, created_at)
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 300),
h AS (
  SELECT n,
         ((n * 2654435761 + 401) % 4294967296) >> 16 AS h1,
         ((n * 2246822519 + 409) % 4294967296) >> 16 AS h2,
         ((n * 3266489917 + 419) % 4294967296) >> 16 AS h3
  FROM seq
),
a AS (
  SELECT h.n,
         p.id AS post_id,
         p.created_at + 60 + h.h3 % 7200 AS created_at,
         CASE WHEN h.n % 25 = 0 THEN 'png'
              WHEN h.n % 7 = 0 THEN 'txt'
              ELSE (SELECT x FROM (SELECT 0 AS i, 'pdf' AS x UNION ALL SELECT 1, 'zip' UNION ALL SELECT 2, 'bin') WHERE i = h.h1 % 3)
         END AS kind,
         CASE WHEN h.n % 40 = 3 THEN 20000 + h.h2 % 60000 ELSE 200 + (h.h2 % 60) * (h.h2 % 60) END AS len,
         1 + h.h3 % 16384 AS off
  FROM h
  JOIN posts p ON p.id = 1 + (h.h1 * 65536 + h.h2) % 3000
),
d AS (
  SELECT a.*,
         CASE a.kind
           WHEN 'png' THEN (SELECT name FROM w_png WHERE i = (a.n / 25) % 6)
           WHEN 'txt' THEN 'notes-' || a.n || '.txt'
           WHEN 'pdf' THEN 'report-' || a.n || '.pdf'
           WHEN 'zip' THEN 'export-' || a.n || '.zip'
           ELSE 'dump-' || a.n || '.bin'
         END AS filename,
         CASE a.kind
           WHEN 'png' THEN 'image/png'
           WHEN 'txt' THEN 'text/plain'
           WHEN 'pdf' THEN 'application/pdf'
           WHEN 'zip' THEN 'application/zip'
           ELSE 'application/octet-stream'
         END AS mime,
         CASE a.kind
           WHEN 'png' THEN (SELECT data FROM w_png WHERE i = (a.n / 25) % 6)
           WHEN 'txt' THEN CAST((SELECT t FROM w_sentence WHERE i = a.n % 20) || char(10) ||
                                (SELECT t FROM w_sentence WHERE i = (a.n + 3) % 20) || char(10) AS BLOB)
           WHEN 'pdf' THEN CAST('%PDF-1.4' || char(10) || substr((SELECT data FROM noise), a.off, a.len) AS BLOB)
           WHEN 'zip' THEN CAST(X'504B0304' || substr((SELECT data FROM noise), a.off, a.len) AS BLOB)
           ELSE substr((SELECT data FROM noise), a.off, a.len)
         END AS data
  FROM a
)
SELECT n, post_id, filename, mime, data, length(data), created_at
FROM d
ORDER BY n;

-- ---------------------------------------------------------- a bit of churn
-- Editors cleaned up some stale drafts. The posts_audit_delete trigger logs
-- them in deleted_posts, and ON DELETE CASCADE removes their tags and
-- attachments. The trigger stamps deleted_at with the current time; pin it
-- to a fixed, plausible time so that the file stays deterministic.
DELETE FROM posts
WHERE published = 0 AND id % 37 = 0
  AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.post_id = posts.id);
UPDATE deleted_posts SET deleted_at = 1734000000 + (post_id * 7919) % 1600000;

DROP TABLE w_first;
DROP TABLE w_last;
DROP TABLE w_domain;
DROP TABLE w_bio;
DROP TABLE w_locale;
DROP TABLE w_topic;
DROP TABLE w_verb;
DROP TABLE w_claim;
DROP TABLE w_suffix;
DROP TABLE w_sentence;
DROP TABLE w_comment;
DROP TABLE w_png;
DROP TABLE noise;
DROP TABLE writers;
DROP TABLE published;

COMMIT;
