-- The school platform that `coffer demo` backs up: a small, realistic
-- database generated in place (so this file stays small and loads in well
-- under a second).
--
--   public            accounts of students, teachers and parents (personal
--                     data: GDPR erasure requests name these rows)
--   learning          courses, sections, enrollments, lessons, submissions
--   "Student Records" grades and transcripts: FERPA education records, which
--                     coffer keeps in archives of their own class
--
-- Deterministic: no random(), so every demo run has the same data.

BEGIN;

CREATE SCHEMA learning;
CREATE SCHEMA "Student Records";
COMMENT ON SCHEMA learning IS 'Courses and coursework';
COMMENT ON SCHEMA "Student Records" IS 'FERPA education records: grades and transcripts';

CREATE TYPE public.user_role AS ENUM ('student', 'teacher', 'parent', 'admin');

CREATE TABLE public.users (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    role public.user_role NOT NULL,
    email text NOT NULL UNIQUE,
    full_name text NOT NULL,
    birth_date date,
    created_at timestamptz NOT NULL DEFAULT now(),
    preferences jsonb NOT NULL DEFAULT '{}'
);
COMMENT ON TABLE public.users IS 'Everyone with an account; personal data (GDPR)';

CREATE TABLE public.guardians (
    parent_id integer NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    student_id integer NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    PRIMARY KEY (parent_id, student_id)
);

CREATE TABLE public.login_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id integer NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    at timestamptz NOT NULL,
    ip inet
);

CREATE TABLE learning.courses (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE,
    title text NOT NULL,
    credits smallint NOT NULL CHECK (credits BETWEEN 1 AND 10),
    teacher_id integer REFERENCES public.users (id)
);

CREATE TABLE learning.enrollments (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    student_id integer NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    course_id integer NOT NULL REFERENCES learning.courses (id),
    term text NOT NULL,
    enrolled_on date NOT NULL,
    UNIQUE (student_id, course_id, term)
);

CREATE TABLE learning.lessons (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id integer NOT NULL REFERENCES learning.courses (id),
    week smallint NOT NULL,
    title text NOT NULL,
    body text NOT NULL
);

CREATE TABLE learning.submissions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enrollment_id integer NOT NULL REFERENCES learning.enrollments (id) ON DELETE CASCADE,
    lesson_week smallint NOT NULL,
    submitted_at timestamptz NOT NULL,
    content text NOT NULL
);
CREATE INDEX submissions_enrollment ON learning.submissions (enrollment_id);

CREATE TABLE "Student Records".grades (
    enrollment_id integer PRIMARY KEY REFERENCES learning.enrollments (id) ON DELETE CASCADE,
    score numeric(5, 2) NOT NULL CHECK (score BETWEEN 0 AND 100),
    letter text NOT NULL,
    graded_at timestamptz NOT NULL,
    teacher_note text
);
COMMENT ON TABLE "Student Records".grades IS 'FERPA: one grade per enrollment';

CREATE TABLE "Student Records".transcripts (
    student_id integer NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    term text NOT NULL,
    gpa numeric(3, 2) NOT NULL CHECK (gpa BETWEEN 0 AND 4),
    credits integer NOT NULL,
    issued_on date NOT NULL,
    PRIMARY KEY (student_id, term)
);
COMMENT ON TABLE "Student Records".transcripts IS 'FERPA: one transcript per student and term';

-- Data ------------------------------------------------------------------------

-- 600 students, 30 teachers, 300 parents, 2 admins.
INSERT INTO public.users (role, email, full_name, birth_date, created_at, preferences)
SELECT 'student', format('student%s@school.example', g),
       (ARRAY['Ada', 'Ben', 'Chloé', 'Dmitri', 'Eun-ji', 'Farah', 'Gus', 'Hana', 'Íñigo', 'Jo'])[1 + g % 10]
         || ' ' || (ARRAY['Nguyen', 'Smith', 'Okafor', 'García', 'Müller', 'Kowalski', 'Tanaka', 'O''Neil'])[1 + (g * 7) % 8],
       date '2006-01-01' + (g * 37) % 1460,
       timestamptz '2023-08-15 08:00+00' + g * interval '17 minutes',
       jsonb_build_object('theme', CASE WHEN g % 3 = 0 THEN 'dark' ELSE 'light' END, 'emails', g % 4 <> 0)
FROM generate_series(1, 600) AS g;

INSERT INTO public.users (role, email, full_name, created_at)
SELECT 'teacher', format('teacher%s@school.example', g), format('Teacher %s', g),
       timestamptz '2020-08-01 08:00+00' + g * interval '1 day'
FROM generate_series(1, 30) AS g;

INSERT INTO public.users (role, email, full_name, created_at)
SELECT 'parent', format('parent%s@mail.example', g), format('Parent %s', g),
       timestamptz '2023-08-20 08:00+00' + g * interval '1 hour'
FROM generate_series(1, 300) AS g;

INSERT INTO public.users (role, email, full_name)
VALUES ('admin', 'registrar@school.example', 'Registrar'),
       ('admin', 'it@school.example', 'IT Desk');

-- Each parent has two children: parent p (user 630 + p) of students 2p-1
-- and 2p (ids follow insertion order in a fresh database).
INSERT INTO public.guardians (parent_id, student_id)
SELECT 630 + p, 2 * p - k
FROM generate_series(1, 300) AS p, generate_series(0, 1) AS k;

INSERT INTO public.login_events (user_id, at, ip)
SELECT 1 + (g * 31) % 930, timestamptz '2024-01-08 07:00+00' + g * interval '7 minutes',
       format('10.%s.%s.%s', g % 200, (g * 3) % 250, 1 + g % 250)::inet
FROM generate_series(1, 2000) AS g;

-- 24 courses taught by the teachers.
INSERT INTO learning.courses (code, title, credits, teacher_id)
SELECT format('%s-%s', (ARRAY['MATH', 'PHYS', 'CHEM', 'BIO', 'HIST', 'LIT'])[1 + g % 6], 100 + g),
       format('%s %s', (ARRAY['Algebra', 'Mechanics', 'Reactions', 'Cells', 'Empires', 'Poetry'])[1 + g % 6],
              (ARRAY['I', 'II', 'III', 'IV'])[1 + g / 6]),
       1 + g % 5,
       (SELECT id FROM public.users WHERE email = format('teacher%s@school.example', 1 + g % 30))
FROM generate_series(0, 23) AS g;

-- Every student in 4 courses in each of 2 terms: 4,800 enrollments.
INSERT INTO learning.enrollments (student_id, course_id, term, enrolled_on)
SELECT s.id, 1 + (s.id * 5 + k * 7 + t) % 24, term, date '2023-09-01' + t * 150 + (s.id % 10)
FROM public.users s,
     generate_series(0, 3) AS k,
     (VALUES (0, '2023-fall'), (1, '2024-spring')) AS terms (t, term)
WHERE s.role = 'student';

INSERT INTO learning.lessons (course_id, week, title, body)
SELECT c.id, w, format('%s, week %s', c.title, w),
       repeat(format('Notes for %s week %s. ', c.code, w), 20)
FROM learning.courses c, generate_series(1, 12) AS w;

-- A few submissions per enrollment: about 7,200.
INSERT INTO learning.submissions (enrollment_id, lesson_week, submitted_at, content)
SELECT e.id, w, e.enrolled_on + w * 7 + interval '20 hours',
       format('Homework of enrollment %s for week %s: %s', e.id, w, md5(e.id::text || w::text))
FROM learning.enrollments e, generate_series(1, 3) AS w
WHERE (e.id + w) % 2 = 0 OR w = 1;

-- Grades for the fall term; spring is still running.
INSERT INTO "Student Records".grades (enrollment_id, score, letter, graded_at, teacher_note)
SELECT e.id, sc.score,
       CASE WHEN sc.score >= 90 THEN 'A' WHEN sc.score >= 80 THEN 'B'
            WHEN sc.score >= 70 THEN 'C' WHEN sc.score >= 60 THEN 'D' ELSE 'F' END,
       timestamptz '2024-01-20 12:00+00' + e.id * interval '1 minute',
       CASE WHEN e.id % 9 = 0 THEN 'Needs to show working' END
FROM learning.enrollments e
CROSS JOIN LATERAL (SELECT (40 + (e.id * 37) % 61)::numeric(5, 2) AS score) sc
WHERE e.term = '2023-fall';

INSERT INTO "Student Records".transcripts (student_id, term, gpa, credits, issued_on)
SELECT e.student_id, e.term,
       round(avg(CASE g.letter WHEN 'A' THEN 4 WHEN 'B' THEN 3 WHEN 'C' THEN 2 WHEN 'D' THEN 1 ELSE 0 END), 2),
       sum(c.credits), date '2024-01-31'
FROM learning.enrollments e
JOIN "Student Records".grades g ON g.enrollment_id = e.id
JOIN learning.courses c ON c.id = e.course_id
GROUP BY e.student_id, e.term;

CREATE VIEW learning.course_sizes AS
    SELECT c.code, e.term, count(*) AS students
    FROM learning.courses c JOIN learning.enrollments e ON e.course_id = c.id
    GROUP BY c.code, e.term;

COMMIT;

ANALYZE;
