--
-- PostgreSQL database dump
--

\restrict kodYsa2Vfr6bAQvtqf5LeVcaJx2SnHn8AKKiqD9U3OWC1wMuQu4wCFan1Mw3yqw

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: Student Records; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA "Student Records";


ALTER SCHEMA "Student Records" OWNER TO postgres;

--
-- Name: SCHEMA "Student Records"; Type: COMMENT; Schema: -; Owner: postgres
--

COMMENT ON SCHEMA "Student Records" IS 'FERPA-protected data';


--
-- Name: SCHEMA public; Type: COMMENT; Schema: -; Owner: pg_database_owner
--

COMMENT ON SCHEMA public IS 'coffer fidelity fixture';


--
-- Name: citext; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;


--
-- Name: EXTENSION citext; Type: COMMENT; Schema: -; Owner: 
--

COMMENT ON EXTENSION citext IS 'data type for case-insensitive character strings';


--
-- Name: hstore; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS hstore WITH SCHEMA public;


--
-- Name: EXTENSION hstore; Type: COMMENT; Schema: -; Owner: 
--

COMMENT ON EXTENSION hstore IS 'data type for storing sets of (key, value) pairs';


--
-- Name: ltree; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS ltree WITH SCHEMA public;


--
-- Name: EXTENSION ltree; Type: COMMENT; Schema: -; Owner: 
--

COMMENT ON EXTENSION ltree IS 'data type for hierarchical tree-like structures';


--
-- Name: address; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public.address AS (
	street text,
	city text,
	zip character varying(10),
	geo point
);


ALTER TYPE public.address OWNER TO postgres;

--
-- Name: email; Type: DOMAIN; Schema: public; Owner: postgres
--

CREATE DOMAIN public.email AS public.citext
	CONSTRAINT email_has_at CHECK ((VALUE OPERATOR(public.~) '^[^@]+@[^@]+$'::public.citext));


ALTER DOMAIN public.email OWNER TO postgres;

--
-- Name: floatrange; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public.floatrange AS RANGE (
    subtype = double precision,
    multirange_type_name = public.floatmultirange,
    subtype_diff = float8mi
);


ALTER TYPE public.floatrange OWNER TO postgres;

--
-- Name: mood; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public.mood AS ENUM (
    'sad',
    'ok',
    'happy',
    'it''s complicated'
);


ALTER TYPE public.mood OWNER TO postgres;

--
-- Name: TYPE mood; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TYPE public.mood IS 'How someone feels, with a quote in a label';


--
-- Name: percent; Type: DOMAIN; Schema: public; Owner: postgres
--

CREATE DOMAIN public.percent AS numeric(5,2)
	CONSTRAINT percent_range CHECK (((VALUE >= (0)::numeric) AND (VALUE <= (100)::numeric)));


ALTER DOMAIN public.percent OWNER TO postgres;

--
-- Name: DOMAIN percent; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON DOMAIN public.percent IS 'A percentage between 0 and 100';


--
-- Name: positive_int; Type: DOMAIN; Schema: public; Owner: postgres
--

CREATE DOMAIN public.positive_int AS integer NOT NULL
	CONSTRAINT positive_int_check CHECK ((VALUE > 0));


ALTER DOMAIN public.positive_int OWNER TO postgres;

--
-- Name: log_change(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.log_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO audit_log (table_name, op, row_data)
    VALUES (TG_TABLE_NAME, TG_OP, to_jsonb(NEW));
    RETURN NEW;
END;
$$;


ALTER FUNCTION public.log_change() OWNER TO postgres;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: people; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.people (
    id bigint NOT NULL,
    handle public.citext NOT NULL,
    contact public.email,
    feeling public.mood DEFAULT 'ok'::public.mood NOT NULL,
    home public.address,
    tags text[],
    attrs public.hstore,
    path public.ltree,
    first_name text NOT NULL,
    last_name text NOT NULL,
    full_name text GENERATED ALWAYS AS (((first_name || ' '::text) || last_name)) STORED,
    score public.percent,
    created_at timestamp with time zone DEFAULT '2024-01-01 00:00:00+00'::timestamp with time zone NOT NULL,
    updated_at timestamp with time zone
);


ALTER TABLE public.people OWNER TO postgres;

--
-- Name: TABLE people; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.people IS 'People, with "quotes", ''apostrophes'' and a backslash \ in the comment';


--
-- Name: COLUMN people.full_name; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON COLUMN public.people.full_name IS 'generated from first and last name';


--
-- Name: person_label(public.people); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.person_label(p public.people) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT p.handle || ' (' || p.feeling || ')' $$;


ALTER FUNCTION public.person_label(p public.people) OWNER TO postgres;

--
-- Name: touch_updated_at(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := '2024-06-01 12:00:00+00';
    RETURN NEW;
END;
$$;


ALTER FUNCTION public.touch_updated_at() OWNER TO postgres;

--
-- Name: FUNCTION touch_updated_at(); Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON FUNCTION public.touch_updated_at() IS 'keeps updated_at current';


--
-- Name: Grade Book; Type: TABLE; Schema: Student Records; Owner: postgres
--

CREATE TABLE "Student Records"."Grade Book" (
    "Student ID" bigint NOT NULL,
    "Course" text NOT NULL,
    "Grade" character(2),
    "Weird ""Quoted"" Column" text,
    "select" integer
);

ALTER TABLE ONLY "Student Records"."Grade Book" FORCE ROW LEVEL SECURITY;


ALTER TABLE "Student Records"."Grade Book" OWNER TO postgres;

--
-- Name: Transcripts; Type: TABLE; Schema: Student Records; Owner: postgres
--

CREATE TABLE "Student Records"."Transcripts" (
    id integer NOT NULL,
    "Student ID" bigint NOT NULL,
    "Issued On" date NOT NULL,
    "GPA" numeric(3,2),
    CONSTRAINT "Transcripts_GPA_check" CHECK ((("GPA" >= (0)::numeric) AND ("GPA" <= (4)::numeric)))
);


ALTER TABLE "Student Records"."Transcripts" OWNER TO postgres;

--
-- Name: Transcripts_id_seq; Type: SEQUENCE; Schema: Student Records; Owner: postgres
--

ALTER TABLE "Student Records"."Transcripts" ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME "Student Records"."Transcripts_id_seq"
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: MixedCase; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."MixedCase" (
    "Id" integer NOT NULL,
    "Name" text
);


ALTER TABLE public."MixedCase" OWNER TO postgres;

--
-- Name: audit_log; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.audit_log (
    id bigint NOT NULL,
    table_name text NOT NULL,
    op text NOT NULL,
    row_data jsonb
);


ALTER TABLE public.audit_log OWNER TO postgres;

--
-- Name: audit_log_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.audit_log_id_seq OWNER TO postgres;

--
-- Name: audit_log_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public.audit_log_id_seq OWNED BY public.audit_log.id;


--
-- Name: blobs; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.blobs (
    id integer NOT NULL,
    label text NOT NULL,
    data bytea
);


ALTER TABLE public.blobs OWNER TO postgres;

--
-- Name: blobs_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.blobs_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.blobs_id_seq OWNER TO postgres;

--
-- Name: blobs_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public.blobs_id_seq OWNED BY public.blobs.id;


--
-- Name: bookings; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.bookings (
    id integer NOT NULL,
    room text NOT NULL,
    during tstzrange NOT NULL
);


ALTER TABLE public.bookings OWNER TO postgres;

--
-- Name: bookings_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.bookings_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.bookings_id_seq OWNER TO postgres;

--
-- Name: bookings_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public.bookings_id_seq OWNED BY public.bookings.id;


--
-- Name: cache_entries; Type: TABLE; Schema: public; Owner: postgres
--

CREATE UNLOGGED TABLE public.cache_entries (
    key text NOT NULL,
    value jsonb,
    expires_at timestamp with time zone
);


ALTER TABLE public.cache_entries OWNER TO postgres;

--
-- Name: documents; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.documents (
    id bigint NOT NULL,
    body jsonb NOT NULL,
    raw json,
    matrix integer[],
    words text[],
    notes text,
    search tsvector,
    xml_value xml,
    net inet,
    mac macaddr,
    day date,
    at_time time with time zone,
    ranges int4range,
    periods tstzrange,
    days datemultirange,
    spread public.floatrange,
    addresses public.address[]
);


ALTER TABLE public.documents OWNER TO postgres;

--
-- Name: documents_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.documents_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.documents_id_seq OWNER TO postgres;

--
-- Name: documents_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public.documents_id_seq OWNED BY public.documents.id;


--
-- Name: happy_people; Type: VIEW; Schema: public; Owner: postgres
--

CREATE VIEW public.happy_people AS
 SELECT people.id,
    people.handle,
    people.full_name
   FROM public.people
  WHERE (people.feeling = 'happy'::public.mood);


ALTER TABLE public.happy_people OWNER TO postgres;

--
-- Name: invoices; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.invoices (
    number bigint NOT NULL,
    person_id bigint NOT NULL,
    amount numeric(12,2) NOT NULL,
    issued date NOT NULL,
    CONSTRAINT invoices_amount_check CHECK ((amount >= (0)::numeric))
);


ALTER TABLE public.invoices OWNER TO postgres;

--
-- Name: invoice_numbers; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.invoice_numbers
    START WITH 1000
    INCREMENT BY 7
    NO MINVALUE
    MAXVALUE 99999999
    CACHE 1
    CYCLE;


ALTER TABLE public.invoice_numbers OWNER TO postgres;

--
-- Name: invoice_numbers; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public.invoice_numbers OWNED BY public.invoices.number;


--
-- Name: invoice_totals; Type: MATERIALIZED VIEW; Schema: public; Owner: postgres
--

CREATE MATERIALIZED VIEW public.invoice_totals AS
 SELECT invoices.person_id,
    count(*) AS invoices,
    sum(invoices.amount) AS total
   FROM public.invoices
  GROUP BY invoices.person_id
  WITH NO DATA;


ALTER TABLE public.invoice_totals OWNER TO postgres;

--
-- Name: MATERIALIZED VIEW invoice_totals; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON MATERIALIZED VIEW public.invoice_totals IS 'totals per person';


--
-- Name: measurements; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.measurements (
    sensor_id integer NOT NULL,
    taken_at timestamp with time zone NOT NULL,
    value double precision
)
PARTITION BY RANGE (taken_at);


ALTER TABLE public.measurements OWNER TO postgres;

--
-- Name: measurements_2023; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.measurements_2023 (
    sensor_id integer NOT NULL,
    taken_at timestamp with time zone NOT NULL,
    value double precision
);


ALTER TABLE public.measurements_2023 OWNER TO postgres;

--
-- Name: measurements_2024; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.measurements_2024 (
    sensor_id integer NOT NULL,
    taken_at timestamp with time zone NOT NULL,
    value double precision
);


ALTER TABLE public.measurements_2024 OWNER TO postgres;

--
-- Name: measurements_other; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.measurements_other (
    sensor_id integer NOT NULL,
    taken_at timestamp with time zone NOT NULL,
    value double precision
);


ALTER TABLE public.measurements_other OWNER TO postgres;

--
-- Name: numbers; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.numbers (
    id integer NOT NULL,
    big numeric,
    exact numeric(40,20),
    f4 real,
    f8 double precision,
    money_amount money,
    i2 smallint,
    i8 bigint,
    flag boolean,
    bits bit varying(16),
    uuid_value uuid,
    interval_value interval,
    oid_value oid
);


ALTER TABLE public.numbers OWNER TO postgres;

--
-- Name: numbers_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.numbers ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.numbers_id_seq
    START WITH 10
    INCREMENT BY 5
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: people_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.people ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.people_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: measurements_2023; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.measurements ATTACH PARTITION public.measurements_2023 FOR VALUES FROM ('2023-01-01 00:00:00+00') TO ('2024-01-01 00:00:00+00');


--
-- Name: measurements_2024; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.measurements ATTACH PARTITION public.measurements_2024 FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');


--
-- Name: measurements_other; Type: TABLE ATTACH; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.measurements ATTACH PARTITION public.measurements_other DEFAULT;


--
-- Name: audit_log id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.audit_log ALTER COLUMN id SET DEFAULT nextval('public.audit_log_id_seq'::regclass);


--
-- Name: blobs id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.blobs ALTER COLUMN id SET DEFAULT nextval('public.blobs_id_seq'::regclass);


--
-- Name: bookings id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.bookings ALTER COLUMN id SET DEFAULT nextval('public.bookings_id_seq'::regclass);


--
-- Name: documents id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.documents ALTER COLUMN id SET DEFAULT nextval('public.documents_id_seq'::regclass);


--
-- Name: invoices number; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.invoices ALTER COLUMN number SET DEFAULT nextval('public.invoice_numbers'::regclass);


--
-- Name: 16988; Type: BLOB; Schema: -; Owner: postgres
--

SELECT pg_catalog.lo_create('16988');


ALTER LARGE OBJECT 16988 OWNER TO postgres;

--
-- Name: LARGE OBJECT 16988; Type: COMMENT; Schema: -; Owner: postgres
--

COMMENT ON LARGE OBJECT 16988 IS 'a PNG header, then filler';


--
-- Data for Name: Grade Book; Type: TABLE DATA; Schema: Student Records; Owner: postgres
--

COPY "Student Records"."Grade Book" ("Student ID", "Course", "Grade", "Weird ""Quoted"" Column", "select") FROM stdin;
1	Physics 101	A 	she said "hi"	1
1	Math	B+	\N	\N
2	Physics 101	C 	multi\nline	2
\.


--
-- Data for Name: Transcripts; Type: TABLE DATA; Schema: Student Records; Owner: postgres
--

COPY "Student Records"."Transcripts" (id, "Student ID", "Issued On", "GPA") FROM stdin;
1	1	2024-06-30	3.85
2	2	2024-06-30	2.10
\.


--
-- Data for Name: MixedCase; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public."MixedCase" ("Id", "Name") FROM stdin;
1	one
2	\N
\.


--
-- Data for Name: audit_log; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.audit_log (id, table_name, op, row_data) FROM stdin;
1	invoices	INSERT	{"amount": 13.75, "issued": "2023-12-26", "number": 1000, "person_id": 1}
2	invoices	INSERT	{"amount": 26.25, "issued": "2023-12-26", "number": 1007, "person_id": 2}
3	invoices	INSERT	{"amount": 51.25, "issued": "2023-12-26", "number": 1014, "person_id": 4}
4	invoices	INSERT	{"amount": 38.75, "issued": "2023-12-26", "number": 1021, "person_id": 3}
5	invoices	INSERT	{"amount": 15.00, "issued": "2023-12-27", "number": 1028, "person_id": 1}
6	invoices	INSERT	{"amount": 27.50, "issued": "2023-12-27", "number": 1035, "person_id": 2}
7	invoices	INSERT	{"amount": 52.50, "issued": "2023-12-27", "number": 1042, "person_id": 4}
8	invoices	INSERT	{"amount": 40.00, "issued": "2023-12-27", "number": 1049, "person_id": 3}
9	invoices	INSERT	{"amount": 16.25, "issued": "2023-12-28", "number": 1056, "person_id": 1}
10	invoices	INSERT	{"amount": 28.75, "issued": "2023-12-28", "number": 1063, "person_id": 2}
11	invoices	INSERT	{"amount": 53.75, "issued": "2023-12-28", "number": 1070, "person_id": 4}
12	invoices	INSERT	{"amount": 41.25, "issued": "2023-12-28", "number": 1077, "person_id": 3}
13	invoices	INSERT	{"amount": 17.50, "issued": "2023-12-29", "number": 1084, "person_id": 1}
14	invoices	INSERT	{"amount": 30.00, "issued": "2023-12-29", "number": 1091, "person_id": 2}
15	invoices	INSERT	{"amount": 55.00, "issued": "2023-12-29", "number": 1098, "person_id": 4}
16	invoices	INSERT	{"amount": 42.50, "issued": "2023-12-29", "number": 1105, "person_id": 3}
17	invoices	INSERT	{"amount": 18.75, "issued": "2023-12-30", "number": 1112, "person_id": 1}
18	invoices	INSERT	{"amount": 31.25, "issued": "2023-12-30", "number": 1119, "person_id": 2}
19	invoices	INSERT	{"amount": 56.25, "issued": "2023-12-30", "number": 1126, "person_id": 4}
20	invoices	INSERT	{"amount": 43.75, "issued": "2023-12-30", "number": 1133, "person_id": 3}
\.


--
-- Data for Name: blobs; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.blobs (id, label, data) FROM stdin;
1	all 256 byte values	\\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff
2	empty	\\x
3	null	\N
4	zeros	\\x00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
5	random-ish 64 KiB	\\xc4ca4238a0b923820dcc509a6f75849bc81e728d9d4c2f636f067f89cc14862ceccbc87e4b5ce2fe28308fd9f2a7baf3a87ff679a2f3e71d9181a67b7542122ce4da3b7fbbce2345d7772b0674a318d51679091c5a880faf6fb5e6087eb1b2dc8f14e45fceea167a5a36dedd4bea2543c9f0f895fb98ab9159f51fd0297e236d45c48cce2e2d7fbdea1afc51c7c6ad26d3d9446802a44259755d38e6d163e8206512bd43d9caa6e02c990b0a82652dcac20ad4d76fe97759aa27a0c99bff6710c51ce410c124a10e0db5e4b97fc2af39aab3238922bcc25a6f606eb525ffdc569bf31c7ff062936a96d3c8bd1f8f2ff3c74d97b01eae257e44aa9d5bade97baf70efdf2ec9b086079795c442636b55fb6f4922f45568161a8cdf4ad2299f6d231f0e3dad99908345f7439f8ffabdffc498f13708210194c475687be6106a3b843c59dc048e8850243be8079a5c74d079b6d767d2f8ed5d21a44b0e5886680cb937693cfc748049e45d87b8c7d8b9aacd1ff1de774005f8da13f42943881c655f8e296a067a37563370ded05f5a3bf3ec4e732ced3463d06de0ca9a15b615367702e74f10e0327ad868d138f2b4fdd6f033e75ff09dd601bbe69f3510391521896ea9ab1baa0efb9e19094440c317e21b34173cb38f07f89ddbebc2ac9128303fc16a5320fa475530d9583c34fd356ef56364d3f0f495b6ab9dcf8d3b5c6e0b01182be0c5cdcd5072bb1864cdee4d3d6ee369853df766fa44e1ed0ff613f563bd1c383cd30b7c298ab50293adfecb7b1819ca14e7ea6328a42e0eb13d585e4c22a5bfc9e07964f8dddeb95fc584cd965da5771bce93e200c36f7cd9dfd0e5deaad67d8ab4f4c10bf22aa353e27879133cd645920e395fedad7bbbed0eca3fe2e03416a75f4cea9109507cacd8e2f2aefca1d0c6e83f027327d8461063f4ac58a617e62166fc8586dfa4d1bc0e1742c08bf7177163c833dff4b38fc8d2872f1ec66c8349cc7260ae62e3b1396831a8398fd9d4f495e875a2e075a1a4a6e1b9770f67c6a1e7ce56d3d6fa748ab6d9af3fd7642e92efb79421734881b53e1e1b18b6f457c545a9ded88f18ecee47145a72c0c0c7c76d30bd3dcaefc96f40275bdc0a2838023a778dfaecdc212708f721b7889a1158154dfa42caddbd0694a4e9bdc8d82c8d1619ad8176d665453cfb2e55f0a684eceee76fc522773286a895bc8436b53b3a3d6ab90ce0268229151c9bde119f61408e3afb633e50cdf1b20de6f46672b32a1f754ba1c09b3695e0cb6cde7f66f041e16a60928b05a7e228a89c3799093f65e080a295f8076b1c5722a46aa2072b030ba126b2f4b2374f342be9ed447f39f8317fbdb1988ef4c628eba0259144f683a84163b3523afe57c2e008bc8c03afdbd66e7929b125f8597834fa83a4ea5d2f1c4608232e07d3aa3d998e5135fc490ca45c00b1249bbe3554a4fdf6fb3295c76acbf4caaed33c36b1b5fc2cb1735b90b4568125ed6c3f678819b6e058a3f390d88e4c41f2747bfa2f1b5f87db14bfa6bb14875e45bba028a21ed380467cbbc409ec990f19c78c75bd1e06f215e2c420d928d4bf8ce0ff2ec19b37151432bb90e8976aab5298d5da10fe66f21dd2ddea18f00665ce8623e36bd4e3c7c5ad61ab143223efbc24c7d2583be69251d09bf41544a3365a46c9077ebb5e35c3fbd7939d674997cdb4692d34de8633c428dd2c7955ce926456240b2ff0100bde35f4a8d465e6e1edc05f3d8ab658c551d1fe173d08e959397adf34b1d77e88d7f033ab37c30201f73f142449d037028d43ec517d68b6edd3015b3edc9a11367b9778d5d219c5080b9a6a17bef029331cfe9fc289c3ff0af142b6d3bead98a92368d30a9594728bc39aa24be94b319d213ef815416f775098fe977004015c619393db85ed909c13838ff95ccfa94cebd9c7e1249ffc03eb9ded908c236bd1996d2a38a4a9316c49e5a833517c45d310707647966b7343c29048673252e490f7368613985ec49eb8f757ae6439e879bb2a54229abfcfa5649e7003b83dd475529492cc227532d17e56e07902b254dfad1098dce83da57b0395e163467c9dae521bf4b9ec30ad9f68f89b29639786cb62ef812b4ba287f5ee0bc9d43bbf5bbe87fb26657d5ff9020d2abefe558796b99584e2ef524fbf3d9fe611d5a8e90fefdc9ced3d2c21991e3bef5e069713af9fa6caac627ab1ccbdb62ec96e702f07f6425bf899139df5e1059396431415e770c6dd38b3eff8baf56627478ec76a704e9b52ec8956637a99787bd197eacd77acce5e6974ce5ac660610b44d9b9fed0ff9548c9e1074f5b3f9fc8ea15d152add0729465b9eea6e1cc6bb9f0cd2a47751a186ff0935e4cd5920aa6c7c996a5ee53a70fa97da629b098b75c294dffdc3e463904a3c65c2974270fd093ee8a9bf8ae7d0b2723d092b63885e0d7c260cc007e8b9d5f93f983524def3dca464469d2cf9f3e698d51a19d8a121ce581499d7b7016687f6ffaa6bb0b408017b62254211691b573278a4a86960eeb576a8fd4c9ec69975fd0b37cd7dbbb00f97ba6ce92bf5add2b44928ae11fb9384c4cf38708677c48c45147dee729311ef5b5c3003946c48feb160de1de89d9058fcb0b968dbbbd685ef059938ba799aaa845e1c2e8a762bd07e1cd7dca89a1678042477183b7ac3fda4fb5c6e93e74d3df8527599fa626424c56ff4ce4aaf9573aa5dff913df997aa0a080f42e6f13b3a2df133f073095dd202cb962ac59075b964b07152d234b70c8ffe9a587b126f152ed3d89a146b4453def184ad8f4755ff269862ea77393dd069059b7ef840f0c74a814ec9237b6ecec5decca5ed3d6b8079e2e7e7bacc9f276dc611d6ebaafc66cc0879c71b5db5cd1f491a404d6854880943e5c3cd9ca259b8619251a19057cff70779273e95aa61afa34a7f984eeabdbb0a7d494132ee565ded5353c5ee48d0b7d48c591b8f4309fc3d7152ba9336a670e36d0ed79bc4302522a2b2726fb0a03bb19f2d8d9524d7f1de29e6da19d22b51c68001e7e0e5442a0e188f5033bc65bf8d78622277c4e3988c7f88ebcb58c6ce932b957b6f332013d407166ec4fa56eb1e1f8cbe183b9e00da03b685a0dd18fb6a08af0923de01385974ed5904a438616ff7bdb3f74390f28b5d49b3020afeecd95b4009adf4ca8baa56554f96369ab93e4f3bb068c22903ce9225fca3e988c2af215d4e544d30a09c8844ba8f0936c20bd791130d6b62b24d495052a8ce66358eb576b8912c8a5e00132373a7031000fd987a3c9f87b8d5e957f297893487bd98fa830fa641347d1e990583c9c67424d369f3414728ef2217062e9a397a1dca429e7d70bc6ca7ef605fc8dba5425d6965fbd4c8fbe1fa8f15eda80c50adb0e71943adc8015cf37a749d808e46495a8da1e5352d03caeb3e3e393c77e35a4a3f3cbd1e429b5dc1d7f7abc18fcb43975065399b0d1e48e2a79ea27c279e471f4d180b08d62b00a1c9ac0159c94d8d0cbedc973445af2da6c4b761a28b734fe93831e3fb400ce8706409663226af2f3114485aa4e0a23b4140f6969d5213fd0ece03148e62e461eb73ce398c39f506af761d2277d853a92bd4c9ab730f5513206b999ec0d90d1fb82aa4b0af34c2313a562076992e50aa30777d5c17d4066b82ab86dff8a46af6ffa7cdfad1a5aaf8370ebeda47a1ff1c39766527f2b5d3e95d4a733fcfb77bd7e7e7757b1e12abcb736ab9a754ffb617a5878a7ab84fb43402106c575658472fa006f52e9102a8d3be2fe5614f42ba9893636638817772e42b59d74cff571fbb3149e9677a5989fd342ae44213df68868a4a042cf4fd6bfb47701cbc8a1653ada1ff8a7b5dc7a7d1f0ed65aaa29c04b1ef7e6c85504ce6e82442c770f7c8606f0bf8229696f7a3bb4700cfddef19fa23f82161242827b703e6acf9c726942a1e438af86134b65d0f10fe33d30dd76442e96da2f590cd7246bbde0051047b0d6f78f85517967795eeef66c225f7883bdcb8f53295a73878494e9bc8dd6c3c7104f045117b0e0a11a242b9765e79cbf113ffc221309746013ac554571fbd180e1c84c5bde74a8f110656874902f07378009cedebb6e872f539bef8c3f919874e9d76cdd60ea0045eb7a6ec44c54d29ed402eecca5b6365d9607ee5a9d336962c5349872ed9fc22fc182d371c3e9ed31609431fefc0e570cb3860f2a6d4b38c6490d9dcb88e0137649590b755372b040afada2557a7b2e94197ff767970b67041697cfecdb276f634854f3ef915e2e980c310aa1883c6411f7873cb83dacb17b0afc58a2fc6ed39fd083f55d4182bf88826dbd686fd640be98efaae0091fa301e613a597e50502f5ff68e3e25b9114205d4a0336dcbab05b9d5ad24f4333c7658a0e084b6fbb10729ed4da8c3d3f5a3ae7c985d8ce590ad8981ca2c8286f79f599540e65972dce68dad4d52d063967f0a70584d9ee44e457ddef7f2c4f25dc8fa8653644a684f98ea8fe223c713b77189a77757b505cfd34c64c85ca5b5690ee5293854d6fae5ee42911677c739ee1734486e2c0be24560d78c5e599c2a9c9d0bbd2274ad4786c3abca69fa097b85867d9a4eae27d77ca20db309e056e3d2dcd7d697eabe3a1649ffa2b3ff8c02ebfd5659f69adc1e107f7f7d035d7baf04342e1ca091d584fced301b442654dd8c23b3fc9b1d10e7bafa4421218a51b1e1f1b0ba26f3ef77ac0e3619e98159e9b6febf557eb163727917cbba1eea208541a643e741534b76d325a8f591b52d302e7181331979d472a84804b9f647bc185a877a8b5ca46c1b9512a7a8315fa3c5a946e82653b8a614226a953a8cd9526fca6fe9ba545fbc6d3e05ebd93369ce542e8f2322d63dc7ed1010d3c3b8269faf0ba7491d4e96ed478dab8595a7dbda4cbcbee168fc0e190d8267e36708f955d7ab048990dec8ce6abb3e952a85b8551ba726a1227060ad92489947d410d897474079c1477bcbe3365e6ac95ea2c0343a2395834dd115f89503138416a242f40fb7d7f338e13fe9d84310e77f13a6d184dbf1232f3d1c38a09acc34845c6be3a127a5aacaf9cfdf10e8fc047a44b08ed031e1f0ed1705f2172834666788607efbfca35afb374db120f0a8e5646ef5a30154e9f6deb57aeee35c98205091e18d1140e9f38cf6da9003b743b65f4c0ccd295cc484e579b04d152845ec0a378394003c96da594be83ab3ecd0db773eb2dc1b0a17836a1e165421110ba03099a1c0393373c5b43289dff07669d7a23de0ef88d2f7129e7577ef1154f3240ad5b9b413aa7346a1e01161aaa0b6d1345dd8fe4e481144d84539fd53b59e3bb12d203f45a912eeaf2ac1dd209cbcc5e5d1c6e28598e8cbbe8555d6702c950ecb729a966504af0a635335f5352088d7d9bf74191e006d8e24cf340f1b1f65b6df5b5e3f94d95b11dafe4a6222cdb5b34375400904f03d8e6a5cb70ab375662576bd1ac5aaf16b3fca49188905e74c28e489b44e954ec0b9bca0266e33d3f546cb5436a10798e657d9738db3aed920cf82ab059bfccbd02be6a3cec07e9ba5f5bb252d13f5f431e4bbb621bf66ddb7c962aa0d22ac97d69b793077e29b11be80ab57e1a2ecabb7da3306c9882bbac1c7093bd2504188127765819f3cd308f1455b3fa09a282e0d496f403c6b06952c750899bb03d998e631860c24cd76e1ce41366a4bbe8a49b02a028c52f1bd66cc19d05628bd8bf27af3ad6fe131d7f5a6b38b23cc967316c13dae2f718499c1c8cef6730f9fd03c8125cabd96409bf894217686ba124d7356686c9502e4a16930e414107ee22b6198c578fcfa0860e83a4c3a763a7e62d825349f7a4f23670e1833f3fdb077ca70bbd5d66b1a59b315fc9a3002ce38bbe070ec3f536660e59856b4de58a219bcf4e27eba38c19f571e251e61cb8dd3612f26d5ecfd6baf65e0b240ce177cf70da146c8dc8e56954b4f6347e897f954495eab16a88f7664060cc52bc6f3d620bcedc94a4b6eda80a3d5b344bc40f3bc04f65b7a3578f121ce07d74717e0b1f21d122e0452106138bc5af6023646ede0e1f7c1eac7539059724f73a9969845dfe4146c5660e7f100b7b36092fb9b06dfb4fac3609317a614fd06c325499f1680b9896beedeb4734ba6f3de83d861c3176a6273cac6dd947bf06a885db0d477d707121934ff863923f49e5241343aa7acb6a06a751e7db8e1af0cb3aca1ae2d001862420452920f07591c6fcb220ffe637cda29bb3f607cdfd23373b17c6b337251c22b7ea57d395771085aab05244a4fb8fd91bf4ee92c8c96e4c37100777c7190b76d28233e3796ae838835da0b6f6ea37bcf8bcb76a9aeddfc689c1d0e3b9ccc3ab651bc50f49c89d1e7298bb9930789c8ed59d4846ba9f2a6976570b0353203ec44742170e01938fc48a2cfb5f2217fbfb00722d16a5cdae362b8d27a1d8f8c7b78b4330918317b57931b6b7a7d29490fe5ec9f948aedb8880cab8c45637abc7493ecddd839ab46820b524afda05122893c2fe8ef90f2aca5c640289d0a29417bcb63a379c838d2e45b2ad1094d42f4ef36764f61700002963a49da13542e0726b7bb75853c3bce66e43be4f209556518c2fcb546883966fd8f918a4aa29be29d2c386fb49182f81e6a13cf5eaa496d51fea6406d296c101daa88a51f6ca8cfc1ac79b509fd81843ad7f202f26c1a174c735758526e359e83860db1d11b6acca57d8ea88ef0d3930a7b6c95bd2b32ed45989c61f94f6d7e04a4d452035300f18b984988c34ed066df378efacc9b924ec161e7639577bcc914f9e55d5e4e4f82f9f00e7d411b9842e0a271ff252c1903e7132cd6837bc2f75bf1bcfe8450a1a41c200364c496e05e1aea0a9c4655800e8a7b9ea28b2eb7349035754953b57a32e2841bda58e98d81f8217304975ccb23337bb5761a8c88a0055f636e4a163a5e3d16adab7eddea82ad2755b24c4e168c5fc2ebd4006eb61b839a0cefee4967c67ccb099dc9dfcd5e558dfa04aaf37f137a1d9d3e5950a4152c2b4aa3ad78bdd6b366cc179158f3069a435b314a80bdcb024f8e422758874998f5bd0c393da094e1967a72bad13a2a07ca4b7642959dc0c4c740ab63fe94a002317b5f9259f82690aeea4cd5b8add2a5d98b1a652ea7fd72d942dac432aca3a1e345e339f35a30c8f65edce8d3bba7425e7c98c50f52ca1b52d3735320722549d1751cf3f247855f937b982caf1a3dfb505ffed0d024130f58c5cfa5737c6ec2e0716f3d8a7a5c4e0de0d9abc6dc48b743dc5d013b1abaebd2faed2f2fc990265c712c49d51a18a32b39f0c89f0fd5c927d466d6ec9a21b9ac34ffaa666587afda6e89aec274a3657558a27b83aac23b9528732c23cc7352950e880cd00692c3bfe59267d5ecfac5310286c6faa8040da20ef399b63a72d0e4ab575fe73f687e5bc5280214e0486b273a5f96da37dd3139aa4d9aa55b8d237ec5d4ac042f4db68f23406c6cecf84a7ebb0fe310dcbbf4cce62f762a2aaa148d556bd2f2b265625d76a6704b08093c652fd79f9b902fc3289af4dd08de5d1de54f68f6855456e2fe46a9d49d3d3af4f57443d357a6fdf7642bf815a88822c447d9dc4819f46e52c25763a55cc64242264431704025959b191f8f9de3f924f0940515f40008b9a5380fcacce3976bf7c08af5b3dd48ab31d016ffcbf3314df2b3cb9ce58238e9ae2dd305d79c2ebc8c18834223ad7c2ebb96fcba7cda0cf54a2e802f5b3967a0e938dc2a6340e258630febd5ad81f9c1be2e08964bf9f24b15f0e490013f9896df61279c928f19721878fac41c5ff2543b53f4cc0ad3819a36752467b01386bd6d8e091c2ab4c7c7de644d37b0bb4aec1710521c12ee76289d94408179de6d14fff9806d4bcd1ef555be766cdefe937780e95574250dabe07151bdc23371bce7dc83817b7893bcdeed13799b5138bb0696595b338afbab333c555292a8dd48d6a2e2cad213179a3992c0be53c82cec96096d4281b7c95cd7e746234966c524f9d5d7027454a783c841250ba71fb7b9ffa5462084c5f4e7e85a093e6d7aa942ab2bfa6ebda4840e7360ce6e7efc058f544c737782deacefa532d9add4ce7b24b112a44fdd9ee93bdf998c6ca0e52720e003547c70561bf5e03b95aa99fc3e878e27f52e2a57ace4d9a76fd9acf00411460f7c92d2124a67ea0f4cb5f85bac9162b47c56fc8a4d2a519803d51b39be40cee5b0eee1462c82c6964087ff95ef698cd9fe650923ea331c15af3b16005049e90fa4f5039a8cadc6acbb4b2cccf004fdc76fa1a4f25f62e0eb5261ca30c74b7f78409a4022a2c4c5a5ca3ee19d709f38ef758b5066ef31b18039b8ce541f1f19176d383480afa65d325c06ed024b16fede9a67c9251d3e7c7161c83acffd52f3c7e12435a724a8f30fddadd9cad972f10e0800b49d76fed33a21f6698f61d6947467ccd3aa5af24db320235dd142949df56ea8ae0be8b5306971900a4d34ab169b70c9dcd35e62896010cd9ff8bf1211fd4b7b94528899de0a43b9fb3a02ffd91ece5e7efeb46db8f10a74059bca82e41ee7b0833588399b1fcd177c700ec53c4682d36f5c4359f4ae7bd7ba14f6ffe13a5d75b2d6a3923922b3922e5beed13602b9b0e6ecb5b568ff5058f070584ce565c824b7b7f50282d9a19945bdc912a253d1e9ba40e2c597ed237664039461a19e9eddfb385ea76b26521ea488efb100a295c0c690931222ff4467bb8d9fc5b73a8d78fad3d6dffe419384e70c86a7ee3d8ef0b551ed58e354a836f2ba01a0380ca3c61428c26a231f0e49a095a4b25aaed25c2ee1b74de72dc03c14ef73b76ce8949fe29bf2a537cfa420e8f70c639df5e30bdee440e4cdf599fec2b28f0b864598a1291557bed248a998d4e1543843a4723ed2ab08e18053ae6dc5bf8c1f23d6a8d8d7904fc0ea8e066b3bbe46de7e1bcaaced9a54f1e9d0d2f800db7b16ecf8ca53723593894116071700c352fe25daf686bdb4edca223c921acea18d8042386b79e2c279fd162df0205c8816b112c6105b3ebd537828a39af481869cb3ea317a32c4e6143e665fdb20b14bbf94b34eb32268ada57a3be5062fe7d4f4adcbf8c6f66dcfc8a3282ac2bf10abbcbff5c1f1ded46c25d28119a85c6c28cb22bdd0b7ba1ab13d742e22eed8da2f4f6dce2f3a0f9dada0c2b5b664520170d0fd7c6e093f7b804fa0150b875b868a96b65a721e561e1e3de768ac819ffbb1068c6e4c8051cfd4e9ea8072e3189e217d63b1625c816c22647a73e1482372bb9228e0962a78b84f3d5d92f4faa000b0deb1c54814305ca9ad266f53bc8251166808e327dc79d135ba18e051673d90642e7aaa88b48137a16a1acd04ed911258fe0093bb30d6f8c31474bd0764e6ac041ae36ecb9b3eee609d05b90c14222fbd1f255a373a3cef72e03aa9d980c7eca7eacb532570ff6858afd2723755ff790b6f0479ae87d244975439c6124592772e0c641195b27425bb056ac56f8953d24f85454e8279be180185cac7d243c5eb3faa9afea49ef2ff029a833cccc778fd03c7781a36bcd6cf08c11a970fbe0e2a625b2822c2f5a3230abfadd476e8b04c96ecbdd6ec859d284dc13885a37ce8d8118997733ec258a9fcaf239cc55d533638d7d8ee069cb0cbbf816bbb65d56947e75fc093c0ee742f6dddaa13fff98f104f74909ace68e51891440e4da0b65a70c66368270ffd51418ec58bd793f2d9b1b248e844336797ec98478f85e7626de4a019d385eb67632a7e958e23f24bd07d7a49e9411d64ff53eccfdd09ad10a15b3ddb30680a691d157187ee1cf9e896d032421fcb1263b9530df88f7f002e78ea5fccb60fb512d13df5083790d64c4d5dd1651cf0d2f737d7adeab84d339dbabd3eed5af6add95a9a6f1252739b1ad8c24a8abb4bb284b5b27aa7cb790dc20f80b15d4e891d784977cacbfcbb00c48f133c203d8a151612acf12457e4d67635a9513f3cf8c531952d72e5847c4183e6910550a141f12de6341fba65b0ad043350067f7fb873eaf29526a11a9b7ac33bfac1a5b1e4daae265b790965a275b53ae509a96876e2f8f3dc4f3cf45f02c61c0c19b70e8fe62e40c570a322f1b0b659098d61e4bbd6393c9111e6526ea173a7c8bf5f8590cd58a54e94377e6ae2eded4d9941e1aaaba585b952b62c14a3a175a619431c87f273e507e6040fcb07dcb450949ae49a23f67c759bf4fc791ba842aa2e44fea3bec53bcea3b7513ccef5857ac821fa74b50ba3f7cba1e6c53e8fa6845250cf8b51c773f3f8dc8b4be867a9a0242998cf32d552343bc8e460416382dcad07e70efcfab08731a97e7b91be644de7fe1f8abaad094e0b5cb1b01d712f70898b297950041a42470269d56260243a10353ab4cbed5beae847a7ff6e220b5cf51d92be1c60d1db1d2e5e7a07da55b26428fca9bc1921c25c5121f9da7815cdef1b6f2857fb6d44dd73c7041e0aa0f1968ce199ec2c5517597ce0a4d89620f55e836d813fd184325132fca8edcdfb40eab817c9349cf9c4f6877e1894a1faa00877a9ba7a98f75b90a9d49f53f15a858dc6a6489640ca02b0d42dabeb8e46bb726337353b7962f533d78c762373b33188e6b42f1644ecb1327dc03ab345e618bef575e8837d065a1683c022d2077d3422050e03ca119580f74cca14cc6e9746225ddc0f8c9d3e22e03d3076f98d83cb25ef0b4eba35ab2d6180b0bca7e46b6f9598b3e71ec378bd83e0a727608b5db0174071a673307ca7459bcf75fbd024e09cfee398643cbc3dc5eefc89334cacdc1d18f655c3fce66ca401d5f38b48c89af6ea2ef7311b482724a9b7b0bc0dd85c69461cce28ebe3e76fb4b931c35a169b0f770b62bc8f42a0b66751fe636fc6eb0e1e32e235eee1f970470a3a6658dfdd5eba0dc302bcd9a273f8bbb72be3a687b218a0aefd1d1a4be65601cc6ddc1520e7d04bbbe5494ae9d2f5a76aa1c00fa2fa516a87cfcaef229b342c437fe2b95f7c3c59e5f8b3e9753913f4d435b53c308854d9fca60b4bd07f9bb215d59ef5561c410003ef13d451727aeff9082c29a5c559cb990c9dffd8675f6bc2186971dc255a7cf9c71f1c9c495413f934dd1a1582f55707d4193dc27118a0f19a19857161be3bc32e6564055d5ca3e5a354acbef35051070e572e47d2c26c241ab88307fb534ba68236ba543ae44b22bd110a1d67380ad8a673226ae47fce7bff88e9c3305f971b5ec196b8c65b75d2ef82673313cf166c6b73f030b4f67eeaeba301103cee631121c2ec9232f3a2f028ad5c89b5b69b9cb83065d403869739ae7f0995eb5b41fac0361d157d9673ecb926af5ae285e19f20beded7d215102b49d5c09a0b337e84de8752b27eda3a12363109e80e8c0653fea13f91bf3c48159f7c24f78ff4d5fbbafdf976cfdc032e3bde78de52d6cc4b2d139a53512fb8cbb3086ae2e389bc7bb1e1c2a5e7e147703232a88f6e2230b853516e7b05d79744fbd4c9c13087408522c31eeb1f982bc0eaf81d35fa760880003e7ddedfef56acb3b09697f10a7cdd970fe135cf4f7bb55c0e3b59f3dc4876f3f08201c7c76cb71fa1da43959b90e1005a220e2ebc542eb9d950b1e2b8a61594b1f4c4db0902a8a395ced93f3f27a324736617f20abbf2ffd806f6d38913e1d6a7b94cb0f55994f679f5956ebd9629fc3ae5e9f6611e2ee05a31cef63538fe6ef330c13a05a3ed7e599d5f7cf67355a3333e6e143439161adc2d82e07563a3fe3bbe7e3ba84431ad9d055af53fde96fcc4b4ce72d7739202324cd492bb232c0b13c774965ef8558f0fbd615ba2fd310dcaa8781a9a652a31baf3c6869421f032498c97020180038fddb8e2485422afb467e9456013a2a51d4dff70213f320e7b5ead1024ac95c3b208610dbf4be00279ee2e0a53eafdaa94a151e2c37f0e884fbad9667e38940169d0a3c95d64a340bcb633f536d56e518742814540fcbc61acd0479dc77e3cccc0f5ffca7298f95e1bf9136124592c8d4825a06fcdf877f3865752637daa540ea9cbc474fc399862d3b9d6b76c8436e924a68c45b33e8075e9970de0cfea955afd4644bb265658fde58ab3c2b6e5132a39fae7cb95ea1649a31336092c05438df996a3e597bcdf75ad237b8e02e301f4091fb6bc85737034557ef5b8c02c0e46513b98f909b72e31dac81715466cd580a448cf82316c222aa19898e5058938167c8ab6c577dcd340d84f762eba80aa538b0c527f781448138f5f163ccdba4acc69819f28097e8527feaf77a97fc38f34216141515647bba344396e7c8170902bcf2e15551ed265bc903a5a097f61d3ec064d96d2ec75b6f114c23a4d7ea11331e7c00e73c8d34201a5b85900908db6cae92723617ccb1d45fb76f7c5a0bf619f979c6cf3601f78be6f7cad02658508fe4616098a97f24d240521d99071c93af3917215ef794c7bb58efc3b337800875b5d382a072f387624df552cea2f369918c5e1e12bc5e388103a391daabe3de1d76a6739ccd15de21c670ae7c3f6f3f1f37029303c911b921ef080f7736089c757404650e406e2713a6efee97bacb63e52c54f0ada01bb91f73e9d31ea2830a5e73ce3ed3283a0772443a0739141292a5429b952fe6a9a6653e48976138166de32772b1bf4058ae749f25eded36f486bc85feb3f0ab4e4b5fbbbb602b6d35bea8460aa8f8e58eefcfdf5990e441f0fb6f3fad709e211728efbda81692282ba642aafd57be3acbcb58ac2e496207586df2854b17995fdb85e2590b6109813dafa101ceb2faeb99c5e07b4d5de9d18c350cdf64c5aa3ddd458505749b2941217ddd59394240e88b16ebc056e613024c057be590b542eba86c450b76fb8c371afead6410d55534c9892a989183de32e976c6f04e700201e6b4b2a746ed40e1af829d1fa82daa10e5f6ad6ce374177eef023bf5d0c018b6f0e52b27a7a5d6a1a87373dffa53dbe5ffeabd223de0d4eacb9a3e6e53e5448da7aeed74714116f3b292a982238f83d2fde9264cf376fffe2ee4ddf4a988880da8849b052492b5106526b2331e526138258be18e31c8188555c2ff05b4d542c3069d3bb002acd8d7dd095917f9efe4cbc6e19e830859f2cb9f7c8f8cacb8d2a646922a0880a8f11f8f69cbb52b1396be9ad6aaed513b73148b7d49f70afcfb32f5deaeeae1538fb6c45901d524ee2f98a9a1d5317a33ae8cef33961c34144f84605ff764c617d3cd28dbbdd72be8f9a2766ebcd59621e305170616ba3d3dac32daca41214b39c5dc66674d09081940f030bb3825e8f631cc6075c0f87bb4978c08b255a5d42b89b0585260b6f2360bdd3493894fa4ea036cfc6433c3e2ee63b0dbe272bab69f8e13f14b405e038deb64acc3e0404646c57502b480dc052c4fe1076a0c97d09cf1a0ec3e19c7f2529f2b04ecb1fa28506ccb6f72b12c0245ddbcb2eeb7362ef83deff5c7813a67e14f0a08c5433a60135c32e34f46a71175850c6aca97005c68f1206823815f661028633435c378bb76d4357324dd7e69f3cd18d490d7b4576290fa60eb31b5fc917ad1b2f627fff19fda463cb386442eac2b3dc3992e9a68c5ae12bd18488bc579b30dd86ea612dec96096c5e0fcc8dd42ab6d9cf81d8026a9018052c429cc4e56739bc361bc7b2c033a83d663b8d9fb4be56e44c4c17332cace2124a1a836d9fc4b6fdc82d632c9fcecb0778afbc7924494a6996a7fa078cc36c46d02f9af3bef918bd7a728a67d909e714c0774e22cb806f200ac8ed3b4327bdd4ebbebcb2ba10a008ebda540cbcc4d7336496819a46a1b68f76a89f0cb91bc419542ce9fa43902dcf29c21d4897f78948b91f03172341b7b851ddf5058cf22df63d3344ad89919cf58d4d1e7b1e97b258c9ed0b37e02d0877750ca3559e5b8e1f44210283368fc165d44ee6f2c3f71b73125876103c8f6c4eb6fdc36b281b7d5eabf33396c2683a2cdc0d6e63aa8e41c89689f54970bb35fb73dfe25b4b8714c029b37a6ad3006fa85fc37b18c57097425b52fc7afbb69693871bd64012152bfb53fdf04b401193fa733fa9b25f33689e2adbe72199f0e6248ab2f9b45957ab574cf005eb8a76760233509073ed3432027d48b1a83f5fbd245645a27c4f1adc8a7a835976064a86d185c29dc24325934ee377cfda20e414c42e77b63637ab381e8be5f8318cc28a2051e4e127b92f5d98d3c79b195f2b2919cc138f8dc04cbf16240daa92d8d50e2b7bb35b9c6ca2aee2df08cf09d7016c2abd815286ba1007abfbb8415b83ae2cf26dd0dbc6e3f4c8043749885523d6a256766aa2750c19aad2fa1b32f36ed4aee6a10bbd480e4c5573d8f3af73ae0454bc5ab0bc60ac7929182aadd08703f1ec6a532400ed62e772b9dc0b86f46e583ff4c27cea8526af8cfee3be5e183ac96050f96613235062963ccde717b18f975924ffce04d92a4d6cb21c1494cdfcd6dc167e103b0761e60683e83c559be18d40c291597a100aadd814d197af4f4bab3a79b698eb3105bd82528f23d0c92dedfc08c7bbbba95c1025975e548cee86dfadc5e9f92a01c986bafcabbafd145520b130ff39bbbf981ac0151d340c9aa40e63e303ed4c69846ab36c2904d3ba8573050443cb001c138b2561a0d90720d6ce11155b37c5c270e5d84c793e486d798c01d884d247c6f65a96a7da4d1105d584ddd55743cc0393b1cb4b8b37d09ae48d09730ef30b64204a3088a26bc2e6ecf7602eaae339c4d89fc102edd9dbdb6a28915ab233b682ec355648e7891e66c54191b3d2d8ccb37df977cb6d9da15b76c3f3a26408ffa703a72e8ac0117e74ad46f33b4288d9c0ec0a1841b3b3728321e70882f37d10131f2a483a8dd005b3d14b0d90ff8033cf9437c213ee13937b1c4c45568264bdb65b97eeae6788aa3348e553c3a066bda8c96b9478bb0512f0a43028cbe3159ad04564bfb90db9e32851ebf9c8757150decbd89b0f5442ca3db4d0e0e2291d2ec3b3048d1a6f86c2c4591b7e084117275be999ff55a987b9381e01f96fae0b27c451c728867a567e8c1bb4e53b5dc4e5d9b495d0196f61d45b26ef33e192fc044e74dffea144f9ac5dc9f33955c04925674920eb58467fb52ce4ef72817c276c8e723eb46aef576537e9d56d05dd9db5e033da9c6fb5ba83c7a7ebea92dea61eed4bceec564a00115c4d213349f396fe44e7c05c16873b05ec425cbad0d7de1aca9299fe63f3e0041f02638a38fecb20817b3847419bb3de39a609afedc6a70712a252123c40d2adba6a11d8471a3cb155f8dc89bf3d03652882199369fe8593a8a330607d76796b35c64c600ca9c267dad0305d1a6308d2a0cf1c39cfccb3cdc9acc14a6e70a12f74560c0261595af6435015c77a7149e92a551338e08d98638c6fcd194a4b1e6992063e94424681928425f5a9133504de568f5f6df556f391937dfd4398cbac35e050a21773328bdf9a4b9504b9398284244fe97c2109a0ca3bc27f3e96597370d5c8cf03d7f5d04d189dfb634e6a85bb9d9adf21ef79921bbae40a577928b76d2fc3edc2a07a96b1f61097ccb54be14d6a47439b0c06d06da9666a219db15cf575aff282410a5ab2db37feedfdeaab192ead4ac0ee555ebe0ce426f7f9b2bef0706315e0c53e3a7161e428b65688f14b84d61c6105487315b1286f907165907aa8fc96619e4bb4c5173c2ce17fd8fcd40041c068f0cb929eae7a499e50248a3a78f7acfc78a0e1141fd37fa5b98d5bb769ba1a7cc99bcfcd754a98ce89cb86f73acc04645afd4836712c5e77550897e25711e1d96e5841df2166dd424a57127423d276bbeb4a528955b84f584974e92d025a75d1fb1eec33c726a60554bc78518d5f9b32cd6c651ddcd97183b2e40bc464231c962f64eac11f2cd8f0efa196f8ad173178e4a47d2983c8bd392b120b627e0e1cab49c82c7143c102b71c593d98d96093fde500e75a036dc2d7d2fec5da1b71d36ccae0eb3eed39d2bcef4622b2499a05fe61ecfb463472ec9115b10c292ef8bc986e70611883d2760c8bbafb4acb29e34466081594975a764c8e3a691fa2b3a321d19bc916108fc6938f52cb96f7e08794107c5807d0d927dcd0980f86024e5208bd14220ee66aeec73c49038385428ec4c8df707a948fac1b4a0f97aa554886ec8e7f8a7fb0b77bcb3b283af5be021448f788d986905533aba051261497ecffcbb50c3d7614917b24303ee6a220679dab32afe4567e1bf64d32a5527244d104cea5f2c22cb4a5380af7ca75622a6426917aba3b6fd5d186d28e06ff97135cade7fc8ed21db4f678f3b13b9d5ee1648908808419be897405321542838d77f8552267f1171a78ce0780a2142a6eb7bc4f3c882f2b308c3b01637c607ce05f52a2fed0d3180d672e08b4c5312dcdafdf6ef36fb89705ae6d743bf1e848c206e16a1d7d4c2e4a3297fe25a71d030b67eb83bfc5751ec3e9a4feab575962e78e006250dd5cfead94f5350c12c322b5b664544c159c33016884a62116be975a9bb8257e3ba3866600c3540f67c1e9575e213be0a6c29793a140a811d0c45ce03c1c93a28e995f98d56967d946471af29d7bf99f16cd67d9b6f0150c77bda2eda01ae484c6bc24fc1ab650b25b4114e93a98f1ebaa5cdd4aa0048b187f7182f1b9ce7a6a7217eedd1ba8c592db97d0dbe54c7adfcdf263d996281d984952c07998dc54358edfbe1afcf9246bb0d40eb4d8027d90f2e65f2f2fdaf6c699b223c61b1b5ab89e94550c93cd70fe748e6982b3439ad3b5c572eca050594c7bc3c36e7e8ab95500537fb40a68c18da59a35c2bfe1ca5545f0f5e5f33945135b874349cfbed4fb9185e65bc40581880c4f2c82958de8cfe8d317bdcf4aafcfc22149d77babee96de49b8b4053df9505e1f48c3a701c0682b056eb1587586b71e2da9acfe4fbd19eb137fdd1f79d56c7edf3365fea7520f2912d2b1c7b2826caf99687388d2e8f7ca1d33d0dfec820b41b54430b50e96b5c6f2268bd1d3d3ebaabb04d6b5d099425872488f88d1b2db54d55bc8bba2fad1bccb0989662211f61edae2e26d58ea92f2823f4797102ce1a1aec05359cc16dd9470e7a4f017a5476afb7eeb3f8b96f9bbf62768ca46b6c3b5bea9515d1a1fc45fa14d4fe2f19414de3ebd9f63d5c01692ca65f58e35d9ad45bf7f3ae5cfd08f188ae6372cfdc5df69a976e893f4d554b06997f04a7db92466a2baa6ebc8b872deefc9e10ebdc4a2333b42b2dbb8f27b65807a685d1a9ab3b599035bc566ce2b9d840cc5d906c3e9c84374c8919d2074e959a557f5f6beb411fd954f3f34b21c3f2201f5191c4e92cc5af043eebfd09463a835d3215755c435ef4fe9965a3f2a0288cc0ff022877bd3df94bc9360b9c5d4ea06fbc83cdd0a06020c35d50e1e89ab7ee6f5f9aa5cd17ca1aea43ce848496e57c6b956a6521b28495f2886ca0977a86b122d4358357d834a87ce618a55de04e0928de075538c593fbdabb0c5ef2c3c0f168ce8900fa56e57789e2a2f2c9d08c6744c9d42ec2cb9e8885b54ff744d0f1c1592588411002af340cbaedd6fc33e07413354875be01a996dc560274708e67d96d458abdef21792e6d8e590244e7a8e864d04c95572d1aece099af852d0a7143d7fbadfa4693b9eec507d9d3744372da7fd6d1302c0a159f6436d01e9eb06e0721b2c6977135b916ef286bcb49ecfc8001f834f6a5f0561080d134d53d294b04a686b0ad13dce35fa99fa4161c6561b4a64be663682e8cb037d9719ad8cd3621f1454cacf995530ea53652ddf8fbc15da1f2b5e5ed6e6837a3802f0d159368053af2923e00204c3ca7c6a3150cf72dace78f80bc92e6d7493423d729448edf7f28ac89ca37bf1abd2f6c184fe1cf96ea64f3a1aa2fd00c72faacf0cb8ac9da8ce53cf0240070ce6c69c48cd588ee82489c9737cc245530c7a6ebef3753ec7c590f01490190db0ed02a5070e20f0135cf8659cfcb13224cbd47863a34fc58beb22fb694d513edcf5533cf006dfeae9e3cfc48eccf81a0d57663e129aef3cb28267ab848bcf807b2ed53c3a8f8fc8a7a53928fa4dd31e82c6ef826f341daec1905aedab9bf2477edc068a355bba31a1141938ba2c2b13f5505d7c424ebae5f1aa48fc4880bb0c9b8a3bf979d3b917edc5689792e08eb2e219dce49e64c885b846c260d715e5b854ffad5f70a516c88d58072be2820e8682c0a27c0518e805e6e7b33fdea3adc80ebd648fffb665bb8a8ecbabae151abacba7dbde04f761c3732b30a250abd6331e03a2a1f16466346b6edc1cd1f36e45daf6d7824d7bb2283670e8a43b246801ca1eaca97b3e1918981e74d678581a3bb7a720b019f4f1a93e0cf1f47118daebc5b16269099ad734796b9bff013acedfb1d140579e2fbeb6371ad16ad2c4d81f348082ff6c4b2076843fa7f58b7eac7ac872209342e62e8f131839b036f63806cba3f47b93af8ccb5f0adc8838f4bdedde4ec2cfad05155893b5dca501ee1e6d8cd7b905f4e1bf723e2a2dcc36a08a345332c751b2f2e476c4558dbb6f6f8bb2e16d03b85bde76e2cafda332245e2af431fb7b672a68b659d632cee946db83e7a52ce5e8d6f0fed35677e09724f0e2df9b6c000b75b5da10dd554f7bb7be44a7267068a7df88ddd20795c7a7a5ec6b460ec00c5841019b9e9fa3a3c407f82377f55c19c5d403335c7c2626d850c80ea07e7511bbae4c76f4bce78d1da254c0843eb23951ae077ff5f8e82ab7243b7c66d768f1b8ce1c967ebe0ec453e28e061cc58ac43f91dc2f3f07250eb93b3c18cc9daa29cf58af7a004013a006f03dbc5392effeb8f18fda755301ad0e3bd5cb1627a2044908a42fdc24d5b995358e7798bc7e9d9db83c612a5ab88b15733f543179858600245108dd8b0b183c207f46f0cca7dc63b2604f5ccf9028faec74be6ec9b852b0a542e2f398f7d807e1f53eff5f9efbe5cb81090fbfa83a11a198d5a7f0bf77a1987bcd00602a32ad2669e6fe298e607fe7cc0e1a0fc3cf452d3da8402bebb765225ce8c0e3d8e28caf901313a554cebc7d32e67e5e97ee2054defb209c35fe4dc94599061b86e8d03fe992d1b0e19656875ee557c84f7e69969dea92a925508f7c1f9579af4552671f8909587cf485ea990207f3b362e80d4df43b03ae6d3f8540cd63626fe8c15fed5f808006ce95eddb7366e351efa39bcaec6f390014916069369453692fb0c6d1758261f10d052e6e2c1123c22ac3c5a5bf0b520d281c122d1490650aff1621254f7c1be92f64550478c56e6f7e9050c92a851b0016442ab604b0488addfa9b7e234254d26e9c7f2af1005cb8c235f89a8143a28a1d6067e959dd858847cc55b7032108eee6dd897f3bca8a5a67f096809415ca1c9f112d96d27689b2a084e55c87b1ebcdaad1f62fdbbac8efc49306d97602c8ed1be1dfbf0835eadf9a40a4780f5e1306c46f1c8daecee3b5ec91aac30eae62f4140325d09b9afd019b650660b253761af189682e03501dd1fc214004c9481e4c8073e85323bfd4b3b3dbaf68507998acd6a5a5254ab2d76ca8155f4d27f205953f9d3d7974bdd70ede7e2b6d13a41ddf9f4bdef84fdc737dd45045f8c68db9f54e70c67048d32e849c9adb18e44be0711a94e827042f63022fb0cee7e1f3bde58293de743871417aeb3135b436aa55373822c010763dd5443feaeeecd7b2fe2ae2e26d917b6477d98d6f58ab0dafbb86b083a001561bb3451ef186e18dc00c2d31982567235c5594b0a59ddf11c58e7446c9df0da541a8467d16d00201083a2b118dd5128dd6f59352407221afb776e3143e8a1a0577885dd8eb9f23fbd362da0e3f4e70b878c16d516b13671a4179d9b7b458a6ebdeb921f50893f80d6830d62765ffad77217427504adad8bb96320eb3afdd4df6e1f606c3cf77d52820cd0fe646d38bc2145ca210f760a89db30aa72ca258a3483cc7f170c944978496731ba71f34c25826a340efe32849d230d7f53049ddc4a4b0c60704afe073992cbe4813cae2f7715336f7ce3284b743aefde80ffd9aec500e0850a113ef6b61820daa5611c870ed8d5ee07871915a8107172b3b5dc15a6574ad3024d7f84fff11dd7e8d9c510137a2381cfbce4c1d7c425baf21d6b6f2babe6bec2aee86157b4a40b78132f1e71a9e6f1d56b9fc4b0f1be8871f5e1c40c0067e74b0250793549726d5c1ea3906726ebfe20aee3a5f4643755a79ee5f6a73050ac061412e4a03c02f9902576ec55ebbe775705e1164a8394aace6018e27d20d237a64c94baaf368e1840a1324e839230de01882513d5fa7c329e940dda99b12147acf4b89d3d503d8252c9c4ba75ddbf6d892c91e0a653ba19df81a90f89d99bcdb6a1085a27ab7bff7550f8a3bd017df8aa169b49b583a2b5af89203c2b78c67cf47d0ad31c4c49061b9e505593e3db98f57a2f557b098c43f11ab969efe1504bc8fbbc86abe8bd6a5eb6a3b4d0411301621461af90cadfdaf0e8d4cc25129f918b6dd7db9af49e67306feb59a8bdc52ca4300b002bcfb71f291dac175d52df94e205ee2a5de471a70c1fd1b46033a75fb56a18e0eacdf51aa2a5306b0f5332042a9d121cd9c3a1832bb6d2cc6bd7a8a78b5040a8a5baf3e0e67386c2e3a9b9037634ea65a4e6d9041cfd3f7de18e334a24896ee4c6526356cc127852413ea3b423ce1851341ec1fa9e0c259de10bf87cda0d1111d2dc5d489242e60ebcbaf9881e056d2b0ebd5c878c550da6ac5d37243e89ebdb49f712c7d90d1b39e348bbbf6d0f846348a856321729a2f36734d1a7430c3626b879b4005d41b8a46172e0c0ccc0aa1b81bf81e16c676ddb977c5881c4015b7f368e6b4871809f49debe0579bea5955b308361a1b07bc55042e25e547fa732b517cbed14a48843d74526c11acbb6a3b884f4f88b3a8e3d44c636cbd81f4477bad7af3616c1f933a02bfabe4ed045c59a90d7587d8d671b5f5aec4e7c0d0871f0806eae32d30983b62252da501cc3633c579a90cfdd895e64021e21639f53d83ec0691550f7d2507d57f4f5a2d2ed45a52bc0edfa11c2064e9edee8bf043c3d7e489c69b48737cc0c92d0f3a24daa3db355ef2b0e64b472968cb70f0de820a45f1dfc7b95282d10b6087e11c090794e3b050f815354e3e29e977a88abb7892fb3c2f009c65f686f6355c895b574bba22728b6185eec06286af6bec36d3df1d4b96d8976ff5986393e8767f5b28d6dc35e506fc23349dd10ee68dabb6492262bf907af914b95a0fc33c3f33bf6b55ec28c52d5f6205684a473a21935642f885d0fbe2e131bfc9d98363e55d1d464223ccf70bbb65a3a4aceac37e210164b6538a44a1dfdc2b83477cd76dee98ec8c41c4a18675a74e01c8a20e8a0f662c4b31ce7d95c75ca70d50c19aef08bf158e4d44e550d0f7ee0a23d6b02d9b0db3cef96dcc9b8035d23f69e30bb19218aa3d68b461bd9d3533ee1dd3ce4628ed41c1d4df596d01da60385f0bb17a4a9e0e6cb2a3c14431b55aa50c06529eaa21b9232fe81225bcaef853ae32870a2b0fe6395ebd0f4b478145ecfbaf939454fa4ef4e3b775c934dada217712d76f3d51f168908dd3227b8358eababa07fcaf0912ba596643cbbbc20318224181fa46b28d240e3d38a8882ecad8633c8f9c78c9b0f840be9b8db4d3fbd5ba2ce59211f55437d7d1d97917cd627a34a6a0fb41136d707329bece455a462b58ce00d1194c95c936263f3428a40227908d5a3847c0b1ce927f875864094e3906a4a0b5ece688065d07da4a77621450aa84fee5656d9eeb69a3cb92300456b6a5f41620938514e0cb6fb5fb446d1c92ede2ed87801886cfe0e6127fa25df2a0ef2ae1067d9158f468c873a32bb0619eaeb2050ba45d1e744f91c29ec99f0e662c9177946c62789fcd07f20b6785b92134bd6c1d0fa426602294be910b1e3c4571bd98c4d5484c22abfa379f38b5b0411bc11fa9bf92fca75910166da03ff9d4655a0338e6b094311359ed4969e8401880e3c1836fbe192977ae4d2ba21425a59afb269c2a14e9c01802ddb981e6bcfbec0f0516b8e35cc1aa436277138f61cda703991069eaf2ab56412b1163ee131e1246da0955bd1c32d9bf27a3da7ec8163957080c8628ed79aac075930c83c2f1e369a511148fe287e03db1d99e0ec2edb90d079e142f3fec8d47d412bcbeece3d9128ae855a7a6aab1270668d8cac7cef2566a1c5f569d93ed5b6db83be78efb0d05ae420158e54a367d629152b720749e187b3eaa11bfe7ee8fc1959cc7214fa21c4840dff0adf6d2338b2b8fce1ec2f6dda0a630eb09908279ebbf1f9b250ba689db6a0222ba1140a3d0df1c81e24ae954d935e89264fac9ba115140ac4f1c22da82aa0bc7f692f93be8c7a41525c0baf2076aecfb4860320be12a1c050cd7731794e231bd37b13b2203029ed80337f27127a9f1d28934815ad542a4a7c5e8a2dfa04fea9f52bcab9d935d219641434683dd9d18a030b8aff0438617c055eb55f0ba5d226faec5aa0b7846082a2415f0902f0da88f29ab0d88431732957a618d4a469a0d4c3b706835de79a2b4e80506f582af3676aa9b7ba70783b617e9998dc4dd82eb3c5b8c37e33defde51cf91e1e03e51657dafba9d88164f3e2d9109ee770223212a0aa68c75c4a77c87f97fb686b2f068676fed33392d3a48aa149a87a38b875ba4a2387337ba1e0b0249ba90f55b2ba25219246444d94f081e3549803b928260f56d7322ed717dedf1eb4e6e52a37ea7bcd1587965fb4d4b5afe8428a4a024feb0d31b3b31a1c2f8a370206f111127c0dbd1e48c4420b7073bc11916c6c1de226bb7f975a56c761db6506eca0b37ce6ec87f33ba15effa5c10e873bf3842afb46a66b180037abbebea991d8b1232f8a8ca9766d856ef1a6b02f93d894415e6bfa0e298923c8190045e91288b430794814c408fe2621d8e716b02ec0da35256a998d5d616dd38211ebb5d6ec52986674b6e4ef50c335cca9f340bde656363ebd02fd03e0704b5690a2dee1861dc3ad3316c965cc2c8205a05d7379fa3a6386f710e10768281a05da9f27df178b5c39a5126393d65641ff3f1586614cf2c1ad240b6cce5140df15d046a66883807d18d0264b021bbc7ee20b71134d53e20206bd6feb82b8a3434904411a9fdc43ca87cee70c24146db4eb48c718b84cae0a0799dcfc883e881bb4d22a7add958f2d6b052c9f3806734b256c27e41ec2c6bffa26d9e784d2004bf28a2095230e8e14993d398de515df0d202ae52fcebb14295743063bafdec7005cc9f14302cd0474fd0f3c96995e1fda4a2b5f55ef0df50868bf2a8fe17184bcb70dcf3942c54e0b537ffc6dbdb106a0560c4e46ccc488ef010af787a34bacf839b923770b2c360eefa2674883fa5a432ae55c253d0e60dbfa716723eddb904a6db773755d2857aacadb1cb06d70cb65d15211726dcce4c0e971e21c27ed0fb950b856b06e1273989422e7d3537d9b6c927223c796cac288cced29dfd736bb10d83a904aefc1d6ce93dc54b89ac403da7947a183884c18a67d3aa8deb9141aff1412dc76340b3822d9ea6c721019c8091693ef5c5f55970346633f92a0e2a2c563d57df27213ede1ac4ac7801579779b98ce9edb98dd85606f2c119d20b5e1cf8694af7a3c1ba4a87f0730217cce53cf90577442771720a370c3c72358c54802a9fb9526cd0923353a34a7ae5055cbf43fac3f7e2336b27310f0b9ef456ac9b0d15a8b7f1e71073221059886f4dd765c12f2ef67f98f3558c282a9cd7fec306d1e665bc9c748b5d2b99a6e97db576a7d2453575f29eab4bac787b91953c04118df112c13a8c34b38343b9c104ca82782c5372a547c104929f03fe7a9d8700cbd38cc9f30cecb34f0c195b137b4d168b48157c623fbd095b4a565b5bb4a08142c38dbe374195d41c04562d9f8299a23a2291e2126b91d54f3601ec162a89cf525e1d9f04d16ce31165e139a4bcd89fef7ffdd490db800357f47722b206c340f25839e6acdc73414517203f5f02290a7385ed77cc5592dc2153229f082a2137a2ae8e39b5002a3f8909ecb88fe43dd49b4fdb9bede653e94468ff8df1e31857b449c407203749ae32dd0e7d64a53adaf494dc89ef7196d73636eb2451bfc2c7c47b918d0c2d792a719dfb602efdc58e3a306451c9d670adcd37004f48f1b0114c51cc532ed34e1954b5b9e4b58a1519de5b5d44b31a01de013b9b51a80390e982518a50e280d8e2b535462ec1f708f3cf8100d5e71834b1db77dfa15d646072631582fc240dd2674a7d063b0408a1e808b55fde9455cb3d8857ed88389062ddb6c727310e76b6200b7c71f63b5522a9ae9a99880d39e5daec35375e99943baa6762fa81bb43b39c62553b2970d731c83db8d2ff01bdc000083fd3c374036a16a2505369e0c922b6ea7a23a56d2818f4654ed39a1c147d1e51a00ffb4cbe5e63da79fcd2bebbd7cb8bf1c1d02749f36407ead0629fc166f14dde7970f684f16c818875d9fcb6867c7bdc89be7ebd91d1b4d82419de8a614abce9cc0e6d4a26398dca6f47b49876cbaffbc9954f9b1563a78ec59337587f6ab6397699afc03f544613917945245041ea1581df0c28b4066554730ddfaa0266346bdc1b202754dda4b1ba34c6fa89716b85d68532b6a2feef8ed6a9fe76d6b3f30f02150b468b1fbe7f16e4ae3024973f12f3cb31341bfd20a38bb1b0bec75acf0845530a7d6723e7cd6735df68d1ce4c704c29a044e2545f819e67f0615003dd7e04a6087db2b4182156b2f1f817860ac9f409ad7a5e0ff62be0b08456fc7f1e88812af3da0160709701140704575d499c997b6ca1e6e0a04d20f50967c64dac2d639a577c6bff625bdb0393992c9d4db0c6bbe45c667d53acd899a97a85de0c201ba99beaace49c7d80767cffec0e513ae886df04da04049a062f5adfe81b67dd755ceccaf21d0c97db2e27e13572cbf59eb343dc9f95a0a5af052bffce5c89917335f67e58cc5ca94270acaceed13bc82dfedf7b9d487a30398d42ecff55c228ed5652b8f1d43620bc6bb580df6e80b0dc05c482cbca44843a864533ec05b321ae1f9d1b59c67bf196a4758191e42f76670ceba20d135f0f28185b84a4cf7aa51f295009c3b1830513cc3b8fc4b76635d32e692d6ef5f7fa914c19931a55bb262ec879ce19347e1c3ca0c0b97de5fb3b690855add77279f7d325eec933f05b1672f6a1f0eec27c419d0fe24e53c90338cdc8bc6c60d060b946d6dd6145dcbad5c4ccf6f8597a6cfa74defcbde3047c891d78f90c6036a69be21cb660499b75718a3ef243a15c7d0bbe60300a39f76f8a5ba68963b712de48137572f3849aabd5666a4e32cfd4560539f887a5e420412b370b361c7635bfd99248a2cdef8249ef7bfbef4c21002f464c5fc5bee3b98ced83963b8ffeed84c7cb1ae7bf4ec4bd78275bb98678a1491514b7f1006d605e9161946b13fe78a8acf5fda99de95303940a2420c69a5b5995110b36a9a347898d97a610e4a213d37242bdcad8e7300e202e7caa4fe709c654eac84d5239d1a12a4f71877571e0f7e2d992e738adff8b1bd43a521fd06b8ea02fe5b1c2496fe1700e9d16c7c9d0b1f96aebd7b5eca8c3edaa19ebbfd2c5e4680d9a01dba3aada5ece2227047a658229eb2368a99f1d032c8848542801c14f07f9724229175b8ef8b4585a8c3e0c62ee91db8dc7382bde7419bb573184260348236f9554fe9375772ff966e8248a99e81e752cb9b41da3fc43fbe7ff7f580e11d00a75814d2ded41fe8e8fe8ce6790cc6a94e65f17f908f462fae85208e43f0e45c4c78cafadb83d2888cb64588e674d3f0faf985047d4c3f13ed0dfeab05aa91085b7a8012516bc35339588a3363abe792db2d8761d6403605aeb7a1d50185e7426cbb0acad1e6ca74b9aadf0aab058ce179e4f7ab135ed4e641a909c6c3783b4a70054da74f2538ed47c62b38c2df6a49b97f706ec9148ce48d86f197002b9a0853eca5e046d9ca4663d545f31d16b1058d586fc3be7207b5805355b1927fdafef39c48e5b73b5d61ea60e8b1cbd05f6e6a358a81dee52493dd06285f89b802bcb2651801455c86d78f2ae22312179bf43e61576081a2f250f845a8240cb8235e9c493a0c30607586166c0c048b3a434e49e655c1247efb389cec16e6a3326dd7d868cbc926602a61e4d0884d79963bd8bc0ae9b13a1aa71add7338ca89564b2259401518960f7a06f94babea47ba24142ed16b7d8fbf2c740e0d6e7d2da6d3953058db75714ac400b58400e26af6ac3b1c1c49d7c3d79c60d000a3fb4fbf9a6f9cf09166aa9c20cbc1ad0f2c9a93eea6f38fabb3acb1c31488c69da187a7a191431db943a9a5a6fec6f42f29b6e3abc6ebdefb55456ea6ca5dc81e1d184167ca7676cf665225e236a3d23eb71f6293a2a31f3569e10af6552658a113c1ecd3cace2237256f4c712f61b536a1694bce9815b7e38a9dad05ad42e00a0a0c8aaa00ade50f74a3f0ca981ed73473decccb0509fb264818a7512a8b9b1896a3bf730516dd643ba67b4c447d36a7d8ae4569120b5bec12e7b6e9648b8683f97f4825290be4cb794ec6a234595f7d771e0e8f3633ab54856925ecdefc5ddabd8d2ce74e782c65a973ef76fd540b6eb6e75fddec0218351dc5c0c84641042ac2406e835bd49c70469acae337d292f47330643ae134ca204bf6b2481fec470e095e054ee94774d6a496099eb1cf6a97af4fb322bb5c8973ade16764156bed5680522b8e2bb01943234bce7bf845342b6d65b9a9445c4271ab9076ead5605a4f284803bd0966cc24fa8683a34afc6ec44e503833b64e9f27197a484f4257c082c2559140b95ccda9c6ca4a8b981f1e160c88652d47d0be60bfbfed25111412b20bb95ab626d93fd976af958fbc61ba52292e0c763fd027c6eba6b8f494d2eb9a3d458322d70046f63dfd8b0153ece4a42a596fc71e17828440030074d15e740188e8b8b014829e2fa0f430f0a959619adeb82fffb5444e81fa0ce8ad8afe7aae5e3ce40e0404a45ecacaaf05e5f735c54e7837e0cd0ced286cb5995327d1ab4d2e7bd33c475784381a64e43e50922ffe2d010308a6b3799a3d9c728ee742447501e5d4da87ac39d782741cd794002d147702db07145348245dc5a2f2fe5683491442df5f88c6aa018e86dac21d3606fb2fcd534b0ff3bbed73cc51df620323b571ecea16a9824023ee1af16897a582144a3f71a03ab7c4f46f9656608efdb24e4e53aa080247bc31d0eb4e7aeb07a0a58149d355f02887dfbe55ebb2b64ba37e7e69ea3384874304911625ac34321cf7cade80b7cc92b991cf4d2806d6bd78285ab9448d2751ee57ece7f762c39095a01610228fe998f515a72dd730294d8733ceb07bf4eeb3da587e268d663aba1ac8ba76c279269b1c6bc8a07e38e78fa4a4d2f0d23dcc84ce983ff9157f8b7f883948ead63a9f2944218de038d89343056a61d423d02a1c56250dc23ae7ff12f33f67fd97162d20e6fe27748b5b3725092715518c875999308842e3455eda2fe3b24d516bb65a5a58079f0f3526c87c571d72310edc006dadf2190caad58029833a029f04d76d32e79367c4b3255dda4d43cca4b3de2097b9558efefd0ecc358868d13cf26c4b4f4f932e3eff990093ba25df35de87aa441b88f22a6c2a830a173210ddbeaa16948a702b6049b8d9a202c4851e8e264415c4094e4e85b0baa7cceb86d510361fc23b59f18c1bc9802cc6310ce61c90f3a46e340ee8257bc70e934122cb13c7a474c1976c9706ae36521d6c14da109e294d1e8155be8aa4b1ce8ee53a0a2978c28872a4505bdb51db06dce034fb6b66aacc1d48f445ddfb08da9881dc9bdb52d04dc20036dbd8313ed0559996535e07258a7bbfd8b132435c59627bccfde7714a1ebadf06c5f4cea752c1a9eb812238f753132652ae09963a05e9d38901788c533e8286cb6400b40b386db3ba8f1bee1238a2f37603d90b58898da9078e8653368c9c291ae2f8b74012e71c65cef3dfd1e00c0b03923a1c591db42de5d16682c3c35007e4e92982f1a2bae1d5be1c7f2f456670de3d53c7b54f4a2c89109d42178de8a367c0228f169bf85eac43aceba42c8757b54003a58277b5905056c1ac1dad141560467e0a99e1cfe6d8545daa42d5ced125a4bf747b368839e4973ba3321b80f37d9b55f63ed8b82ba8698b79439589fdd2b0f7218d8b0781e5f81db77c596492e6f1a5a792ed53838e8afb1ca34354ac209f53d90c3a43a284df1155ec3e67286080500df36a9ab495ce63ede0f4efc9eec62cb947c162884ce4bb65d328ecb03c598409e2b1683bf55bbad370a8fcad1d09b005e278c2e3251075554389fe91d17a794861d47bcd758e8f59dfdf06a852adad277986ca26588e932c7ccfa1df309280702fe1b568a83eeb494a308fe5295da69428a507f4573fc71c731d5c362f0d7860945b8817326d10d511828f6b34fa6d751739e2dc4c44f624d600aa568390f1f1104aa07eb3c8be3d411e8ebfab08eba5f496326c8dba7d0df1c4a79dd07646be9a26c80ce2ffd21fc958d9ef0ee9ba5336e3578e2cfdc275761edc592f73a076197c33b51a15f382ac914391a58850ab343b00193002e668758ea9762904da1a22337ce00406144c1e7e35240afed70f34166ac850371fda6892fbfd1c5a5b457e5777c1e39d912d21c91dce811d6da9929ae87810ccd41bf26faaa2c4e1f20db70a71f91e24dfe80012e2a7984afa4480a6d6e702e51da2c0f5be4dd354bb3e295d37bb04af0f7ecaee4aae62035497da1387fb60d411a5c5b72b2e7d3527cfc84fd0d759175de8ea5b1d9a2660e45554894fab1a4d0dd4d48a2ba1077c4494791306995665640dc319973d3173a74a03860cda11e8cd1811acb79ccf0fd62cd58f86d94e18a8adb4cc0f623f7a83b1ac75b41cecc7a77928ca8133fa24680a88d2f9018b59ce1fd616d874afad0f44ba338d242c100dc94f871b6d7215b868a875f8944bdd9636749a0801c39b6e449dbedcc0a271bc0ecb776a094786474322cb824079016d940210b4ae9ae7d41c4a20650e9fa1f3e9e66792401a6972d477dcc30829424ffa0d3a2547b6c9622c77de0370222949cc0db89ab32c9969754d475871f6278d140af599e06ad9bf1ba03cb0459a4ddcb586f24efd9395aa7662bc7c7c82fab8c8f89124e2ce92984e04fb4084438b7aae55a0638073ef798e50b4efdc87c13749315c7217cdc4ac692e704c2812e5cf6d8f21d69c91dddeefb792a7286674e3082feb7e5afb92777e48821fa51fb975227d6640e4fe47854476d133a0833c8a1817526ac555f8d67727caf66f3e29a35278d71c7f654958712313242df45244f09369e16ea3f9117ca45157996009f2374006606f4c0b0fda878af1d282ef263719ab842e05382dc235f69e5caf41d62364d5b41a893adc1a9dd5d4fd5c905bcd8c3348ad1b35d7231ee2b17940ab47468396569a906f75ff3f20eff93882cbd8fc7fb794c1011d63be6fb6a0872cc5b5ca4cc25076f3d868e1bdf84476b929e30dd0c4e8bdbcc82c6ba23a535ab76633d94208236a2e829ea6d8887bb060764a818184ebb1cc0d43d382aaf29b38f160f87ae86df31cee1982066ff09696910bdd874a99cd74c8f05b5c4450905d7b2216bfeccb5b41016357176bdfd7468ac613286cdbb40872c8ef3b06f3f1b7fc5a8779a9e618e1f23a7b786093fb9d4b16aa750c7475b6d601c35c2c76cf99d3614e23eabab16fb27e944bf91ee3dfcd8a0645a25a35977997223d222a50e9c2d6b89b95bcb416d6857f8b45f9be311e65d81a9ad8150a60844bb94cdc960c46c38bd16e953d97cdeefdbc684671aeaf49c792689533b00664a5c3efbb7946e7d85c81a9e69fee1cea4a087c3546ab441e56fa333f8b44b610d95691c70daf247944fe3add32218f914c75a617fafe5f6ce2f1904eb09d2e80a4cbf64c22bd444899d3b6047a10b20a2f26db01e9565cecc4e989123f9620c1d09c09fe51510c80bfd6e5d78a164cd5b1f688e077e1a544eec4f0307cf5c3c721d94428e209b61a52482a0ae1cb9f5959c792ff49cc40a8890e6a60f40ff3026d27308edd72158ccd2a879f79cb2538568fdc9cb67ffb59554ab1dabb65bcb370ddd93d779cae2d46cf6a8a99a35ba4167977e48e13207341b6bffb7fb1622282247b05311655a15b75fab86956663e1819cdd10ec7c16cbe9de8fbb1c42787c3ec264f87658ef0de194413056248a00ce00933ebd5b07dc7e407752fe773eed206355e1b18c4c6a6d31695acbae3fd70ecc6674bfc5f6b72706fb769f5e93667bd23a50abba8132a77191791390c3eb19fe786109d400f0ed29e840b47ed72777c8482965d4ed8150294d4330ace00821d770e55666a4ad822e0e34299df3591d979c73dfe6c630edb4c1692db67c510f65cbcc0d400288793e8bdcd7c19a8ac0c2b861dc9bd7f4e7dd3cccd534d0ae2a2e93e313b9badf12632cdae5452d20e1af68b0dc65f996f98fd178a9defd0efa077ee8374ec4e4ad797d42350c904d73077af4732711661056eadbf798ba191272ab8c27b7a1c450ffdacb31483454e0b54980ecd059122ce2e50136bda65c25e07c26820b8a4c1b3c2aa868d6d57e14a7983adc9225e4deb67d7ce42d58fe5157c8d3369c4c086f236fabf61d614a32818fb508ef074ee78a0e58c68be06d8a2ebcf9a242b70f45317ffd281241fa66502a9be4c2a4041cadbf9d61ae16dd1389e9683cc5f89562ea48e72bb321d9f03fbeffc299a1addb07e7089f9b269c31f2fcf1f78fe923afe05f7597da2be7a3da86a5889bb0190d0211a991f47bb19a777a223c6b3710f85df22e9377d6c4f75536c1da886822c67822bcf3679d04369fa0e3a37aa85a14e359df74fa77eded3f6d1ee59e20ad01cedc15f5118a762609981ca0262c82e712e50c580c032d99b60f3bd5ad57c8389a8a1a541a76be463bfe56b06c51e1049195d7b26d043c478a0792c7b5aae4a79e78aaeda80516ae2ac70feb62b69f16e0238f741fab228fec279a49b3e3762632813f9e35f4ba53d6cf52378e14237225a6f6c7d802dc6abbd8d9a0adb7c204239c9635426f35c9522bad5f33780c42f2588878a9d07405083ea8fcd92d59581717e06eb187f10666dd82118376df344b0010f53909b961db34e0d67e54ad6626e957d15b08ae128a6cd0dce8fca267bf1fb86cf43e18d55985ca3e9b122f61f8f06494c97b1afccf386e8f7ab32cfd12577bc2619bc635690363763e5c3dc3a68b399058c34aecf2c4fa7c62536118cc404dec4a0ca88d4f60c0a7566915f4f24853fc4192689aa7e2bd7f907b7f5b6bbd91822c0c7b835f6359f38463d487e9e29bd20e24f0c050a7f53f8c6c730af6aeb52e66eb74d8507c0826819636026dd1f3674774f06c51dad3019b856147c17e82a5bead782d2a8f016e59c7ad8b1d72903bb1aa5720d5314d9e8007c9b41f57891c48e07c23f570966289037ad9846c5e994be2a91bafa215a71a12769b056c3c32e7299f1c5edd9731321ef4e063ebbee79298fa36f56602d1305678a8d5fdb372271e980da6af0dd4a99fba6075a9494772b58f952809701a1c165dd9420816bfec5edd6c2b128fc2782ea7ef51c1104ccf7b9bea13d4edaa105d5f53590338791951e38c3ad186a157b2992e7daed3677ce8e9fe40f3de2334a314a7a72721f1f74a6cb4ceeb7087c1f4f89e63af8d46f3b2027115346771d1f432b42343f56f791422a49916d9c547cf146054a5a720606a76944677b5b23f4aadf9513306bcd59afb6e4c9512c5cad6c37edb98ae91c8a76c3a29154072f485cdb7897ebbcaf75251395610e4e946668cf2afc4299b462b812caca59f51fd6937412b7e56ded1ea2470c257a674153c63cff1ad7f0e261c369ab2ca60937eba57758ed45b6d3e91e8659f323ad3e314e2a2b43b4c720507cec07239a1756fd0c741126d7bbd4b692ccbd91309928d4b100a5d75adff48a9bfc1ddb30c8e1ca872524fbf7ea5c519ca397ee90db9da4fc5414ab55a9fe495d555c069aa42b31882ec039965f3c4923ce901b0ed9422357395a0d4879191c66f4faa2856fc81623da2150ba2210ba1b51d241489d0396e6826eb0c1e611d82ca8b215a424ed4bd3a7d6aea720b86d4a360f75299fb2142d7de959380f91c01c3a293c970af30e481057c48f87e101b61e69940663a4ddceacb40b095eda264a85f15c56352739f59643540a3a6e16985f62c7411ae1bf081d1674ca6091f8c59a266fe11943a6031a0e6114ae69c25761798056468d5607a5aaf1604ff5e15593b003b069b3415151fa7217e870017374de7c7895fc13088ee37f511913bac71fa66f1f3202d820180a39f736f20fce790de8eaa32c96f620053cf442ad32258076b9a8f8f60264024dca151f164729b76c0bdb6ebd0566994d14a1767f14eb6fba81540ae6b0f6ac6e155062f3dd4f0b2b01f4a331b7a22d1b237565d8813a34d8acb197ffdef2ddc3308584dce7afa3661bf69e505b08403ad2298b9f262659929a8fb5f8be2aa9d6c64a04e3ab9f63feeeafe434653a898da20044041262b3ac74b265ce60fe4c5384e622b09eb829b8df8fb21ee7a2207526da55a679f0332de2c930eecd01935feef55942cc445f708fe94f63f579e05cb49c05c2d050ead9c02dffbc474aa176b6dc957938c15d0c8bc5cc17e395d3049b03e0f1ccebb02b4d80a8155eb153025ea1d513d0b2c4b6756786f3c62fbf9021694f6e51cc07fe3c536a76f94cf7535158f66cfbd4b113b63bbfdde8842a5c44a0323518eec97cbe0a1bf96b7165e962e90cb14648c9462d5e76bef6e019b2541ff53db39f407a9801d8bae291b1e4724443375634ccfa0e4dcae38ee11d3a6606cc6cd636a3628b1abb1e1ea5f481b589da52303b091cbb07042ac7d03d3b9911a00da43ce0079a95151403b0db4f75bfd8da0b393af853ad71c82b22f4f65b9398f76d8be4c615fe70c36866add1572a8e2b96bfede7bfc913303f392ffc643f7240b180602652372d3f309fef061977fb2f7ba36d74d26d9cb7de5e8ac30bd5e8734bc96a35c10245952ecff55018e2a459517fdb40e3cec6f62cfb44b1be110b7bf70c8362d8991de292e76f74f3c285b3f6d57958d542ffcf057e133f94c1b7b5cf543ef3bd8b0d268963dd0cfb808aac48a549829fdaa96d9681a21445772454cbddf0cac1ac796a52db3f16bbdb6557d3d89d1c5a7d6044e95a16761171b130dcb476a43e571d3a9420bfd9219f65b643d0003bf497275a23ca44226c9964043c8462be9678b9cab19959e4af8ff46156ee460c7483cdcec08fbf90370fcf53bdd56604ffdc09c97fd73d7a324bdbfe7c79525f64e816c635cad85a60fabd6b97b03cbcc94e8412ad48562e3c9934f45c3e144d48ab541d874c7bc19ab77642849e02b89fbffc98347ee35b3ead06728d6f073c68729c68884bd359ade15d5f163166738a7fb8ceb3bd59c7956b1df66729296a4c86df7dcfd896fcaf2674f757a2463eba6d3a1e06d6a06349436bc054313b648c8a146f1a3da4700cbf03cdc55e2daae61baff70e2669e8376347efd3a874a341f187a23c3ee681ef6913f31fd6d6446b226d1f15ecd35f784d2a20c3ecf56d7fe655c7716a4b3ea67f48c6322fc42ed61714726c817af50457d810aae9d27a2efcdf25d6e191893e705819b177cddea0fa1e9c965314ccd7810fb5ea838303e51415db70fe9ddb119e23e9b2808cde3855c567fd4395ecef6d936cf77b8d5b2bced556cd9f9c0c8315cfbe0744a3baf06490791e7abf6b29a381288cc23a8223cfa5301358b9fcbe7aa45b1ceea088c65cbdfd0dfa22a3fca7266376887f549b77f959f119f4fb2321e9ce801e2f51630c8ce55163055c4da50a81e0a273468c49b8b4f95f02e055801da3b4f58e28b70c9ebb2ded806d7ffda75cd0b95eb70cb5488aeff42889188d03c9895255cecc4dcf435435894a4d0972046fc566af76ebd6d2f5d60ff9afaeda1a81fc53e2d01cd3882394520876dc88d1472aa2a93f41a60377ba920919939d83326ebee5a1ebb71045453f38676c40deb9864f811d0f3d014eead934bbdbacb62a01dc48312b3bf3eee2475e03885a110e9acaab6183f2550373f2f19492aa30fbd5b57512bc7316929fe1545bf0b98d114ee3ecb8490640b43519c77281cb2f8471e61a7181c8727c62e800be708dbf37c4695dff42d6c7d61481d1c21bd1635f59edae055607fe8879e4fd269e88387e8cb30b7edb1915052d15f7815c8b88e879465a1e253f7b5d921338af34da817c00f427533fb451ca2e89b3a13095b059d8705b15df12ecd077efc8c23881028604dbb8cc471c75ee6643a10934502bdafee198fb8c00dee24c9878fea090ed070b44f1abe60e81c4cbe5171cd654662d9887aec25cce8dede893813f879b873962fb669f109d2dd3608f669ca17920c511c2a41eaa486f25175cbdc3854151288a645c19cb8acb1dc9821bf74e6ca9068032d62399adff456950dd9629a5260c4de2185808040837089cdf46631a10aca5258e1635309226eb45ec366ca86a4329a2b7c3d63fbf8c3173730f82b150c5ef38b8ff748ba69d3e8d1af87f84fee909eef339b5a1fc2085986034e448d2ccc5bb9703d1a69640d53a32a9fb13e93d1c8f3104b60c5ab647a27045b462934977ccad9a17e23e50bedc63b4095e3d8204ce063bcda72177eba360ff16b7f836e27543701373b284bc381890049e92d324f56de0d010396ca8abf6ead8cacc2c2f2f26c7819c9fbfb075d62a16393b9fe4fcbaa5f337d999d9ad116a7b4f3d409fcc648089ae0fe22c47d374bc9350ef99e01685aff0a6a4521232970b2c1cf539ad0a19204da255aea2cd4a75ace6018fad6b4d35464c848f410e55a13bb9d78e7fddd0c88d8d0a6097754525e02c2246d8d27f6b8eba43551742214453411664a0dcc84e6cd95227cb0c280e99a195be5f6615351b33587c5fdd93bd42ef7ac9995a2818ead4c77c3f40dabf9735432ac9d97a98986c005e5def2da341b4e0627d4712b2dd140336c9df867c087a29b2e660344e9cec1f583056459111d63e24f3b8ef596f713f9a7376fe90a62abaaedecc2d29921001f2f04bd3baee84a12e98098f020c8bfac8de160d4c5543b96d1fdede3a20f62a0af1aa152670bab3c602feedb132ecc1609bfcf302615847c1caa69a92af93f73faf3cefc129b6bc55a748a94d6e4749289c4ec58c0063a90deb3964facf9f743b083008a894eee7baa16469d961e9f236177d65d21100592edb0769be53ee61104935234b174e62a07e53cf18d10dc6e666eab6de9215ae5b3d54dfdfa92d8f817e5b08fcaafb50d03763cf655ea4bd3b5736d88afc30c9212ccddf7949e456002b28988d38185bd30e77fd7bd28f15a49d5e5848d6ec70e584e625452bf208bf901322968557227b8f6efea1afc58c6ca9540d057299ec3016d7260d4f4805c36dc6853edfa4c7e1638b4870efba66d3d8d53194fb1a8446ae07faaf5afd7f7c807171981d443ad4f4f6487e1d842d0f7ee600116ffc6b2d87d83f95d309f0b035d97f69902e7972c2b2e6ed4227734ed75d343320b6a5fd16ce57dc5c768b5dc76a084531934b3460197788a199611ac2b85bd3f76e8ee7e55650b710915795b9e9c02cf10d6d2bdb688c076023edc9187cf1ac1f1163470e479a277281aada22045c03945dcb2ca6f2ec228499b55310264a8ea0e27b6e7c6ab68f19793b2671094e63a15ab883d5013749af6c4e558a7569d80eee2e035e2bd7894b77f805bd94d292574c38c5d628d5dca5672ff3444c7e997aa9a2c4eb2094bcb41ccdc4363c6848a1d760f26c28a05129a5ddcd0dcd755232baa04c231698d72fbbccd9fe64c3a14f85d225a046f406a81a4fb98d149f2d31c68828fa6eb20ebcc77dc72360d0eb8e9504c78d38bdd88518acbcc3d08d1f18da62f9bb26ec309fee4e541e51de2e41f21bebb342aa87ec2f451208df97228105657edb717f9c19a2aa1d84e04b0bd4bc888792bd1e83e8ef518174e1eb6be4a0778d050c9d9e984c108157cea74c894b5cf34efc44c559da2ba967eb820766939a658022c81bc0249a6412ef49b07fe6f62e6dc8def3173935ed8ac4bf073c1bcd63171f8aa368b0de8b91cfb3f91892fbf1ebd4b2f18a6d1cde4b205199de8729a6637b42495dabfd0ca768a3c3abd672079f48b69597353e41e6957b5e7aa79214fcb256faafda66202d234463057972460c04f5a2cc63e065705fe938a4dda49092966fa14ac55a4f27472c5d894ec1c3c743d27a6a74cbe87bc60030a4bd041dd47b7852947e0ade57a09e4a1386d08f17b65669d658d0b2859e32cd4dc3b970c8496ce9fd7c2c6623306db59b6aef5c0d5cac71a58e8cb75904f24cde464161c3e766962e56a8a0b0420d87272a682bfd1e53297fa7777981f402dbba17e9f29e292df60bb6bb4c96d4df93c51bd69dcc15a0d1dc3a8270a6f9394f88847d7f0050cf806beafe154032a5b818e97b4420ad984462bf0ddbe0d0da40e1e828ebebeb11c7af0926b294e47e52e46cfebe173f20fc528592c3858f90196fbfacc814f2359327969053c0068dd9e07c529866b94da981f2b708044d6fb4a71a1463242520bc573864331a9e42e4511de6f678aa8397d0145823aeb8ed80617be62e08bdccefb76cff97aaf057654ef2f38cd77d735c50b4df4b176845cd235b6a510c690346031b3d04dc90994ca317a7c55c42896ba3af5d7b2790e73f0de32e5c8c17980771fc6f0f4b1d7d1bb73bbbe14e0e3121fe5b8ba755eeaece7a4508498762286dd4e10e3296fa63738371ec0d5df81842a3964579017f3cb42b26605b9ae8ef1c54985e4f95b7819ca0357c0cb9a09f52c5189391854c93e8a0e1326e56c14f7e230522657ecdc50e4249581b861f8e3c1e4bd67169b8153e0047536c9f541e84f0f20482cde7e5eacaf7364a643d3310c272d06794d3e5785d5e7c5356e9ff81c650caac28cdefce4de5ddc18befa0f670ef5d2d6bdf8f29450a970494dd6489f03f7d02720160f1b04cf5b27f5ccbc1fea270c48e8079d8ddf7d06d26ab52e4873aa9a05cc5ed839561d1215167668d420fa35754d1f1c19969c88780314d7437d136770f5b35194cb46c1653efaa96de2547f44254c97f5f4f1f402711c1973a5f0ccbc4ee3524ccf035d35b284bbe3e9d3f7d70537357c67bb3f4086846207f88018f72237565570f8a9e5ca240b147a61c1d07c1c999560f62add6dbc79d2682367c3935defcb1f9e247a97c0dcc42acc8ce334185e0193753adb6cb77712a3c9878efeae8ff06d57432016ceba40511cad8383e5ae8ddd8b855d135dac0560792e4a3c79e62f76cbf9fb277dde1696007be4eefb81b1a1d39ce48681b9a4400501febb2a95e79248486a5f6d37d12b66d3df6af8d429c1a357d8b9e1ab2531e7bb29bf22e1daae486fae3417ae449b9317dad920c0dd5ad0a2a2d5e494f398cb9d6bc79ae567298335b51ba8ae8d92f99edd25e2cef48eca48320a1a586d7c8a08b4aaa1bc7c599473f5dddda158fc2ddd52ec2cf54d3c161f2dd6517b0f2ad44d26e1a6f244201fe0fd864d1cdf1035c34ec380218a8cc9a43d438f9148510031349642de5ca0c544f31b2ef647c722bf90a49140184672e0d3723e32451041557a22145b3701b0184109caba0f3601dc682036423013a5d965db9aa757f843a169cc678064d9530d12a188164f1f27bf1b4ec22924fd0acb550c235831c2f88a604a07ca94314b56a4921b808e6bea8e90ba87af3c9554d94db65792cb6b10338a7fc4117a80da24b582060e6384711491713d29bc63fc5eeb5ba4f11d0e6287202fced83f79975ec59a3a6f50a6c02a3fc5a3a5d4d9391f05f3efc6a81681a7af700c6385d36577ebec359fddd7938a71db5f81fcc621673ab67b71ef91c212e30e14bf125e9374262401f5d79099fcdf499f12b79770834c0164ab618c3210e934362ac261db280128c227fea637fd6d02b8f0adf6f7dc36aed93ae614c557843b1df326cb29c572254597c4ede33a62160a19586f6e26eaefacfd43ab110ab2489d6b9b2caa394bf920f8303a79b1e19a194f1875981be5bdb6f4921f95baf824205e1b13f22d60357a1b59a51a3c0bf9c5228fde841714f523a26751be1181460baf78db8d5eb7aad39e721a54a8cf18c8543d44782d9ef681f5cf21ce30208cfffaa832c6e44bb567d673271cc47c1a4e77f57e239ed4d28a79fe97fff97f089661135d0487843108eef2a4be5473ab0b3cc286e67b1f59f4401e00f2f4bfcbb7505cb641066f2859b15231a7ce4ba789d13b722cc5c955834b9f94c77652c9a76fc8a442748cd54bd375c71349b295fbe2dcdca9206f20a06a588a6199feff5ba48402883d9b727002a27b8144ac02f67687f76782a3b5d8f8bb88f80d334b1869781beb89f7b73be02f039058bd48307e6f653a2005c9dd2c59b469d724f7919b7d35514184fdc0f52d080a3e172c33fd6886a37e72884915a142a55461d5fef016acfb927fee0bda941493eeea57ede8214fd77d41806bca51c896c9cb81ecb5a199d51ac9fc3c5464d828b85b0bed98e80ade0a5c43b0f798ed7d4ee7138d49b8828958048130a0efbe98067c6c73dba1250d2beaa81f966be31e4c40d676991f2405aaecc69348b5700012be65c9da25f49408d959ca0fc6709bfdf0572f183c1a84ce5276e96f3144cefe89a60d6a1afaf7859c5076bacab0116c354964a558e65bdd07ff04728dc6b0e1b33769b4b94685e4f4d1e5c404dcc91b2aeaa7caa47487d1483e48a8725fb777f25776ffa9076e44fcfd77662889e73828c756c961c5a6d6c01a4633e7e0224018ab3cf51abb96464d518cd74563ba21a90da13dacf2a73e3ddefa7515ab26c135e92ed8bf3a594d67e4ade7137debd45ae4d0ab9aa953017286b2025e2a30f44898b9f3e978b1786dcd85c851300ee84c2b80ed40f51ed26d866fcb29eed44276144e4e8103a661f9a78b7270edd69788dce200a3b395a6da6fdb74fa53be91b4933d536748a60458b9797ab2b41c63853f0a651ba9fbf502b0cd8c4492cbe90fbdbf88a5aec486aa81ed5c0d0e461de8d0024aebcb0a7c68836df70ece1e1e0931919438fcfc6bd5f199c84c6494d30851c63a55cdb8cb047fadd752d25a1f8dbfb2d656bac3094bfb81c54f5f4071faca32ad5285fef87b78646b3b43aeeacb258365cc69cdaf42a68af6e62a992c676f611616097dbea8ea030955a1584af63a546588caae4d23840b3418ef6127e44214882c61e372e86669197d98119037c5b8a9663cb21fb8ebf47442cde81694ca09a626eeddefd1b74ca3e15cc11f979ed25912dff5b0669f2cd54e36c5ff5f6a1802925ca009f3ebb68fc9b003bb003a298c2ad0d05e4342bdc6a5dfac4be1502501489fc0f5a24b667b3bbccd6c008e727785cb81b1aa08ac511c484ea9305ea4c7bb6b2e6d570d466a63fc8c5d915e1f1a40f40e6c7499863231141b34c82aa95e48810a9d1b33a79d8d31bd778da8bdd536187c36e48892bcefab442b1728a7c1b49c63f1a55781cd2cdf047a6674cef251d56544a3cf0292612aa892d962d6f8056b195ca6e550dba1b3eba322eab5d895aa3023fe78b9ce22dd5dabde45eda5a1a67772c8e25dd7283518d47a05a09d33779a17adf170717ed8abedc255908be746d245e50263adf9028fcb6b065e000ffe8a4f03eeb3894e4451ad23909020c28b26ca3a13cb88698ff92115213ab187d31d4ee5da8ea96a93ba89a5b5c6c226e49b88973f46ee8fd4a8a5bab2b3785d794ab51fef55cdb29450c3f5e97f97846693611f98c157eb7eabbe9bd03c2fc99881d04da9cbde5a4d6bf330f23a8707bb0d6001dfbe821be9a4bd4f81549a9d1d241981cec3c299570476c6f0309545110c592b6a63b4abe17a1c80cbdd2aa241b70840879def0bda020d2470f2e74990a07a607ebd936d7534290610d9b7e9abed244dd2f287dd0240cd412efde8bc165e864d3644fe9b73bccd1762555582b513ff9d024926709e8d64a5f47269ed5cea9f625f7ab8c01a75941549a705cf7275e41b21f0df63f65b503e22cb970527f23c9ad7db18b6a80c3cf2cbd5f967063618dc54f394a2ddf148c5a9c42151a529e8cbdcc06b865367fc4c0845c0682bd466e6ebf4c365d17770080c807a0e47ae9118d8641393c55aea738548df743a186d15f3bef6449f44a102fde848669bdd9eb6b76fad860bd12ce9c026814bbdfc1c573f0f5db957c626a8cd7a27231adfbf51e20ebecd62de20ea67e1c2d933d311b08178ad25414405eb37dae1c14b18d6a2cac34bf201d5407a6509fa536afc4b380577e052335232b11864986bb2fa20fa38748c8cbd669cfb2f016574e9d147092b5bb59e0b2658e9f2e77f8d4d83f8d07ca840731460a8a5ce1626210cbf4385ae0ef90599c8fdd2f6e7a03ad173e2f5357518d9fc2308c8f28d2a7d2f6f48801c705ac5dab2e99eee9cf9ec672e3836913020533a888904bd4867929dffd884d60b8f39ae9ff3a81f499230c4126e01f421bcd14821dab219ea06e2fd1a2df2e3582dc40b7120e77741d191c0d2b82cea7be3fab5890d8113d0b5a4178201dc842ad90e1357833654983612fb05e3ec9148c7ffd85d93a3e4de5c490d304ccd9f864d1e946f4e67db4b362ad23818a6fb78a1f1baa5b8edac74eb4eaa329f14a036139027dfad5138c9ca0c474d71db915c3645098b086d2f9e1e0e939c27f9f2d6f6e79ed05baec2754e25b4eac73a332d209b15d48a1514d8209b192a8b8f34e485b6ba13f79129a74a3e819b78e36b922f542eae1949358e25d8bfeefe5b199f1155fa09596c7e18e50b58eb7e0c6ccb4f0bbac6fa079f1e00b2c14c1d3c6ccf0faacbcd5bf1d018912c116bf2783e9a1f4a4da9aa7eadfd23c7bdb7cf57b3112f5c3dd7514bf620a1b85450d2ae374b117c3433fecc21b57000debdf7ad5c930f2d887e01a80e813d9080038decbbabb596dedf4498e258e4bdc9fd70df9a8590e087ec55dcbe7b2d7992d6b69b519fb14cfdb59b5bda1fc245aadae15b1984a2647c1dba23bc0e0f9cdf75339e120d2ed519dacc89b2bead3f453b0b05a4a8bf442d33fa06832082290ad8544a8da27fface8385abbf94b4593a0ed53a0c70f4496bf24afe7fab6f046bf4923da8de6aa2a77371374094fe9e0bc1de3f94ed9069654d5ce089c13f642d19f09a3d1c0e0ab531ec312161511493b002f9be2ee61b1fb3f59e28c67f3925f3c79be81a19a1de01f893e0d2551ecbb7ce4dc963ed757719ed7c2b66dd17dcee2a3cb29f4dfce06801e1a85d6d06f1fdd4475dacdf26dab9bf6a137c3b6782e562794c2f285f007f8c50dd25f5a45fca73cad64bdd7657583058394c828ee150fada65345728f206c2a01bf572b5940d7d9a8fa4c201d7288b4c18a679e48b31c72c30dede8dfff4676a47048d6f0c4ef899593dd57c0531e13f40b91b3b0f1a30b529a1d4888241374e8c62ddd9b4c3cfd091f9606a15eb1c3836723b53e4abca8d9b87959bcda7c438bad7d2afffe9e2fed00bef45a1078feb35de77d26b3f7a52ef50282cadb0649a3af4968404c9f6031b2337385db9a3f11415bc0e9e2625fae3734cd63a3eec3319fd9c84c942a08316e008c3039bd5842dca3d944faab91447818ff1418e8cc993fe8abcfe3ce2003e5c5eb1e78328c46506b46a4ac4a1e378b917503cfacd12053d309b6bed5c89de21249ad23d1ec9fa4bd8d77d02681df5cfa6ae07dcb33ec3b7c814df797cbda0f873c947bc2f7ff007b86a9428b74654de5a3545bd79d31f9a72d3a78690adf73fcd7fd118e6f226a71b5f1ffe10efd0a78537de305e941fccdbba5627e3eefbb2496c5c28becf18e71190460a9955aa4d8f9d1152547c0bde01830b7e8bd60024c4e87337f366f72daa424dae11df0538c09fb05dd477d4ae6479985ca56c5a12dd072677d210ac4c03ba046120f0802ec69d1fc78dbda242c43ad6590368912d419de10adbaa1b2ee13f77f679fa1483aa19acd7d2689207f9047f8cb01357370c164bbc9d6c72a52c599bbb43d8db8e168c694de94e6c110f42e587e8e48d852d305281faf947ca7acade9ad5c8c818cfb8feff253bb6c834deb61ec76baa8932f25f6e326adb93c5787175dda209ab6d4b2aeb2453bdadaa45cbe9882ffefcf958adb57686c2fdec5796398de5f317a7e9e346dc5fd268b49bf418523af8679ba9a56ce0a9bfa26e8ed9e10b2cc8f46f31b20466ae89669f9741e047487eb37dc5d637ed5e62c36ecb73b654b05ba2a44a2e0804995faf8d2e3b084a1e2db1d3214a6d842cc69597f9edf26df552e43b4568df26077653eeadf29596708c94be1314fc026da60d837353d20aefaf054c45008212f7bdf6eab6050c2a564435af0fcf351df4eb6786e9bb6fc4e2dee02d523773c6b194f37b938d340d5d02232c366c2c97d47b02b24c3ecade4c40a017302e3f5e7c072aea8801faf8a492be02d1b2a5ff364606ff04165088772347068148596109e38cf9367d27875e185be865dfbde8a344b44095495f3591f740713168e6a2e6c84b4b7de9390c0ef5ec5ca460332316d6da84b08b9bcf39b687b56f9f88906aebf4ad985aaec7fa013135fa9e41bfec0725742cc9d15ef594120059fdcd96baeb75112f09fa1dcc740cce06f967fb0d355592be4e7674fa31d26af3303f852abeccd793068486a39162611f524c3fbfeeca4aa916edcb6b6392e6be5336db2c119736cf48f475e051bfe9fdb62f932adf55af2c0e09e55861964d54e99a6c03704e95e6965532dec148bfc4ddc15f9f4b4b06ef7844d6bb53abf944626adf9e3b76a3919b50dc0b080a4c91591a8d461c2869b9f535ded3e213e73e0f7487b8e5297182c5a711d20bf26dea9ddb25cbf2352cf4dec30222a02a577369e37b2aa1404f416275183ab055f65699726a3c601b9f31bf04019c8593c0609154fa35b3194026346c9cac2a248ab7314887865c4265e896c6e209d1cd604df4d434d481c5bb723be1b6df1ee65ff7d0f525b3be596a51fb919492c099cc44799b04a1c72e3c8593a53e8000c7807a4e20a7bbeeb7a736682b26b16ebe8b432f34c5a997c8e7c806a895ecc5e2565fc52ed8f88c81323a418ca94cec2edcb79f8fa58b91d3af6c9c991f63962d3e74c0d42b4433905293aab661fcf8ddb8c8a58fa97c205ff222de3685497742c44968aece94f667e4095002d140b58969f6992966d4c363ea0162a056cb45fe5333222170ab9edca4785c39f55221fe7414e773d5b7e5c06d564f594bf6384d0b139e104214a08ae3f2ebcce149cdf6e0950ca92a4dcf426067cfd2246bb5ff35103c3584b063c431bd1268e9b5e76fbe5b294b70c9647dcf804d7baa19039185bce843dd76db8c939d5323dd3e54ec9139f0874f2ded2e41b0393c4ac5644f729530de21430b7540ec3f65135f7323c15d185eaa7c954e77f5343d941e25fbd52d2752b150f9c35ccb6869cbf074e481e913e1b06ead0b66e30b6867bf635498562ae5e286544710b2e7ebe9858833b8d55a249e6baa5c06772297520da205111108a3dbfe4636cb40b84b803b2fff6136f951362dab62e64eb8e841183c2a9ad4cc1fb9b068faecfb70914acc63395f22e4747da1aa27e363d86d40ff442fe95e6834d0a3d99e9ea8811855ae9229d7af6266cc52234b5aa339b16695f7fc4519c84155964659375821f7ca576f095c3395dd46c34fa7fd8d729d8cf88b7a86f2688a5fce7d48c8d19762b88c32c3b2d00f43f07911355d4151f13925ff2921f71e393b3809197ed66df836fe833e5de03beffeed9da5f3639a621bcab5dd47ca57a9f85a19a6e4b9a248c1daca18536ac8e558ac7690b6f44e2cb5ef9332203e7d2ebec1e820ac34d054df7e68f486a508a60aa3bf9510ea6acb021c94b481113d7a76ffceca1bb350bfe145467c6a38b16173474ba8b1a95bcbc30d3b8a55a7f963e5e0504740c3a6b10bb6d4fa5378a063b8fdb1db941e34f4bde584c7de3408432c1a48a52fb6c74d926b38886277a78fc05c8864a170e9a56ceeabc4cd77f00766fd3be3f2189c843a6af3fb2e4dd5528f7596dcdf871aa55cfccc53c7f16109f1619fd7a733daf5a84c708c1f106b7f99d2cb30c3db1c3cc0fde9ccb95f6870ff3dcd442254e334a9033d349c215b446bcdf956d848a8419c1b5a92039dcaf7a053dc372fbc391d4e6b5d693d46e1fcf4c07ce4a69ee07e4134bcef13683af9d6f6c06acee72992f2977f67ea82d922b133be19c1171534e6594f75498c7242894844ecd6ec94af67ac8247d4d8556695c262ab91ff51a943fdd60580004d0b59e19461ff126e3a08a814c33de73998802680548b916f1947ffbad76c4de8ced6214345614d33fb0b16a8acddeb54ffb41e085fd7f69a75b6359c9893d863b367aa379f71c7afc0c9cdca41d7d2b92b6726c241134dae6cd3fb8c182dd055f53a45702fe05e449c30ac80df94afd521d77158e02aed37e2274b90c9c405e28906322882c5be9b4b27f4c35fd798cebccb32617ad94123450fd137104f80bf05527157a8c2a7bb63b22f49aaab3b4d2dbedc99fe843fd3dedb02f086ffb87582825f9d28a8d42c5e5e5e8b23d1e4d36177d71bbb3558e43af9577d70e1b36ea1c9b7a1c3ad668b8bb5df7963f1f36c15d6a3d18d52e8d493bc8187cb98c249675aea6c3cbd91661bbae767ff1d68a18275455ae3eaa2c291eebb46e6d9d7311ba459f9e45ed746755a32dcd114a3e00961a08879c34f91ca0070ea2f5dc513ea4fbdaa7a14786ffdebc4ef64e96055f5b06bf9381ac43879351642cf5d5c186983b52c4551ee00f72316c6eaac5a4e7e6882845ea7bb4d9462868219b008bd5ad93b754d500338c253d9c17703f088ebeda03513be71d34d2142919866351bf9dce654515bf1ddbd6426dfa9706964dce9addb1c5cb5d6e3d9838f733c5b2cebf15b205503560c4e8e6d1ea785ec829debe54b19a5f78d9a65b900a3908f90c1a417155361a5c4b8d297e0d78d0fb963ff976f9c37fc81fe03c21ea7b4ba29b9f9e5732ed33761840f4ba6c53a591024321c5e2bdbd23ed35f0574ddeb8b4b727d6f5d1b61fff7be687f7970fd47268e9db2e9aa3827bba3afb7ff94aea5a486c712a91e48443cd802642223da00e5eb0973d24649a4a920fc53d9564ef8446f35513a8d6aa2308357a268a7ef1981e4bd8a0d6d8462016d2fc6276b3d7a84628c025d30f7b2c52c958767e76c8758b517083196f05ac29810b924aca253614bbac999b38b5b60cae531c49698038da89e49ac5eabb489cfc6cea9fc1cee8d6b7ce52554fd70354e37bbf44a265d2ea03425887a717c435081cfc5dbb95192c98732387165bf8e396c0f2dad28d8818c8e140c64c743113f563cf750f84ddfb34126fc3a48ee38d7044e87276ea6b2efbdd4255a9f1b3bbc6399b58f47b7a53e239400a13bd6be6c91c4f6c4e05a5cf06982ba7892ed2a6d38fe832d63a824154b16ed7dab899bf000b80eeee5531a5834816222280f20d1ef9e95f6907811dc6c422334ce36a09ff5cd6fe71312351bff07989769097660a56395065c92a10324374fac681719d63979d00fe9f62b8625f914a002496335037e9ad97d860edd1dd83b36f02ce52bde626c653093b60fd0557804c8ba0cbf1453da22f2d579dc29360d8bbfbb4aa541de5afa988ef51f0bf911e452e8dbb1d807a81ab5352696a9ca3397beb79f116f3a33991a5a61717dddc3501cfdf7a4e22d7dbaad198bd736a97e7cecfdf8f4f2027ef802b0f658cbffd284984fb11d90254081ff48c04ffab49ff0e5d1176244fdfb65c23d2e1578544b172cca332ff74bddf5f2557911c1bf75c2b643afb4ecbfc8ec2a48564053b3c7b54800246348c7fa4a04c144c47ecba6f8318128703ca9e260189885ff2c83a10305ee08bd507c1049c71e09b16e21f7b6919bbfc43f6a5b2f0d79c6256b9bdac53a55801a066b70da3d8330f857a17c53d217014ee776bfd500189caa552598b845b29b17a427692d13875115bacc48cca24ac51ee4b0e7975a501bebf79d570651ff601788ea9d16d051928341be67dcba03f0e04104d904706b1338ba02add2b5d2da67663b19ebeaebf7782a3d445f43cf30ee2c0d84deea9813e9550fee3110373c21fa012eee7584b98aac2dddf59ee2cf19ca4ccb75ef3e52c300b822a8123e7ace55fe15c08955cb567b6e38f4c6b3f28cc857fc38c9afefc52942cb83c7c1f14b2139b09baa96d3afec184766bfeca7a9f989fc7e7df4fe8a8bcd5c95cdb640aa9793bb32b1359aa933b48b754a2f54adb688bfa772eace51d8f796d04991c831a07059758f8c0c968632845cd133308b1a494967f52dbb0686f8bd0c0c757acf716e28ec02d405b367158e3f12d7c1e31a96b3af316ba72172e6a4f1de54d11ab6967e371f8bf09f5fceaea80e1f864a1b48938bf0ae3f79a30234b6c45a6f7d298ba13106f4920ea25403ec77bee9efce43ea25eb5f1e8fb36cd7fbeb7988e8639ac79e9814a9c18f5abff398787c9cfcbf3d80c325995af77a0e8b06d1204a171010b3a296472c9542ad4d4788d543508116cbcfb2e203234df6dee15934e448ee8897107cb5f86508f146774a2fac4373a8e504b86abe48d358ecf194c56c69108433e1f4fe6a4411edc2ff625888b4093e917cbef46321026d8404bc3216d4774c8a96492d38d732122c58b44e3fdc3e9e9f3819e3d6c1381eac87c17617e5165f38cf410588e48dc83f2822a880a68f78923654ad60ebd1ae29cedc37da04b6b067254ff9e9e3a2ec0300d4ce11261f5169f0070d23b06b1486a538c0eaa45dd167a850af92f8d9903e7a4e0559a98ecc8573e9e39fed3b8369ed940f52cf300cf88a088ea2078cd92b0b8a0e78a32c5c082e0a209539d1e74ab9fe46b9e01a19a97f80ff32e08a25270b5f252ce39522f724d6b3e38b952600251ee92fe603170ffd3a7f48c12e697d50c8a7ae7684644efbf424cb7b0dea050a42b9739eb261a3a26f5bd4aa64fdadf96152ca6e64080680b1ec366924b26fc98fa7b71a9c249cf801272ee79cfde7fa5960571fee36b9bb2ab001909a8a6f04b51920306046ce5cf2226ddd41b1a2d0ae51dab54d32c362cd4e8a2ce081c3d7c32c3cde4312ef7194cf6c2de8e00c05fcf16c498adc7bfa03fa30821986dff10fc66647c84c9c3a1d7311f2a312426d710e1c617fcbc8c978d76676f5e7918f81d28e7d092ca0d2cad8fa47bbef282badbb8de5374b894c5866e93cab1776890fe343c9e7063fb8232e119d8f59aa83050a741631803a67b1ce3d73b70f1a7246e7b76a35fb552e7e23670481ac78b3c4122a99ba6057324f0d2c90473b2bc949ad962e61d9bcbc6335734dbc0b1ded766421cfc6117509185f3ec501c674c7c788464a36e7fb3931af583573227f0220bc568c65ce10405546b0e38ab9175cd905eebcc6ebb76c3535febaff29fcb7c0d20cbe94391c71a0a283bfe7c549dee6c638a05200e32a29d1598024f9e87beab4b98411d48ce01931a6925d3de09e5f87419d9d5505551174add1c52758f33d414ceaf3fe6babdc4626aa1d1df8e14d80d345b2a442d4ba3c163cd1efd4c14e3a415fa0a30103937230de3c8041e4da6ac3246a888e892bbd31f8e0e43a7da8a6295b251725f1b5230e3ea6d7123847ad55a1e06fffd44cd7a8f7f9f85129b9953950665064d02b1be0d48924c327124732726097157abdbeb4d8dbe30df8430a8394b7218ef5a1e3a5aede16d438c38862cac1a78dbef41d488755367316f04fc0e0e9dc9fca012869311d64a44b5a0d567cd20de043b92d18aa7a6176dd37d372bc2f1eb715227b6aaf294f5f027273aebf16015f2bd5af7cd922fd2603be4ee3dc43b0b77cd4bb35c75ba84b4f39e547b1416fd35f15d337c70078947cfe1b5d6f0ed3f13a869ccbcbd9568808b8497e28275c7c8f6e794a75c5d51de081dbefa224304f9c902b497eb972281fb5b4e206db38ee6fca0789e7891cbc0583298a2383161229a49a25d845a483fae4be7e341368e364e62e752ae53fb6a6eebd0f6146aa7029bb6dee73b8b0ca97466ccb24fff31391943102704f8f8f3302c2b730728e02337d097caf1299d9aa79c2c2b843d2d7823c97e9cb93576e45d2feaf00d0e85025d6646aad9bcc0be55b2c82f697503872a34abd6ebbd7fcf5a4421229c946c0a9f44e956e3a2b7b5598c625fcc802c367dc1c7653ac42a05642a667959c12239c182f930a06317057d31c73bb2fedd4f936a40b7e8eea0dc537e5f2edee1387a0d73a25092e5c1c9769a9f3255caa65ae21e4e58ad9ab56e8a4634046da90113d30960ce77e83d896503d43ba249caf724917db15c4e37e421866448c9ab23d8350db081a661525235354dd3e19b8c05a486cd07e4ac3d270571622f4f316ec5cb8da6767461f2812ae4290eac7cbc421e8c391abfde9abea82d75a2d60278d4a381c2c35c9157f6b67fd07d5a200ae1ee26fc66b1369c7625333bedafbfcaf6d542599794c1cf067d90638b5d3911f3697e382cfd25b07a3e62275d3ee132b3ddd9dda6bfaf0bb1525a8a27c3ee61311819932ff5cf474f4f19e7c7024640c2333ac5d90817d69113471fbb6e531bee86e78499eeb33fb9cac16b7555b507676e5025ccc7d638ae4e724da8938450a6c3e4035af2a1cde9f21e1ae1951ac80b8929c70f8d710e412d38da624b21c3c832e05616c8ed659463f9af00b142dd6f2596a54cdbb555cfd09cd5d991da0f5541e7637e7b6a9f27a98b84d3a185c7c0bd0cc810b580b35884bd9df37c0e8b0f88a839f2f6f1427879fc33ee4acf4f66f8e59f4b2fe7c5705bf878bbd494ccdf9978b7063e297d84bb2ac8e46c1c845f7bc1ec1d9c3426357e69acd5bf320061d1a21da7bca4abff8b0b61b87597de73211c1e0b83b9c69fa9c4bdede203c1e30234c510bc6d908b28c70ff313743079bb1662b7c5f22a0f905fd59e718ca05e169779d3852b32ce8b1a1724dbf5217d12b1e42dc0746f22cf361267de07073f3a1dd98341fafc1dfe9bcf36360e6b84100d9f30ca54b18d14821dc88fea0631d51b416788b6ee70eb0c381c06efc9f12056d8c1dec3d12cbce646b348d189d100a03ec6533ca7f5c644d198d815329cf12ee9734e1edf70ed02d9829018b3d981b3833e2504647f9d794f7d7b9bf341e2ad76f2326fbc6b56a45a56c59fafdbb440509a0106086a67bc2ea9df0a1dab1c6a0198177bfcc9bd93f6aab94aad3c0a87257e5308197df43230edf4ad1dae71560ce98c8250ce57a6a970c9991a5f14ea0d5b0cf49525d1866cb1e95ada5dca0daec69b5adc880fb464895726dbdfcdf1e288ca02272e717c9d5e4cb180bd8c5f6ecd29a0eb234459190ca51c16dd25db67c5657914454081c6a18e93d6ddea119a40c1592979f51819b0bd38d39d6832a7b24bc06775d02b7406880b93fc1145a30ff80745b56fb0cecf653050175249ee8e0cff02ad6b4cc0ee0e50b7d1e45823afe1e5120cec11fc4c379a0c67dd28e50635038e9cf3a648c2dd17ad0a2d969e2cee8cfa07ce7ca0bb13c7a36d4b4edc2630fe75800ddc29a7b4070add06d5ae105ea1bea4d800bc96491876e9fea9c11c4ad9a395a636ed944a28b51a4aecfbe5d21e3f7912bf8eb29124423acd3afef9b8b89558cd56638c3631868adb116b39f7a3ac5366079b1d9fe249a51368ba1ab6ed38bb1f26f36673739d543323fe11e9595c09af38fe67567a939405a70454516ecd9194c293b0e415777f01894d6f048493d2cacde3c579c315a3f3d9de86462c28781cbe5c47ef22c3e502e656adee09f8394b402d9958389b7d5938b4d054136e5d59ada6ec9c295d7ab5c01503041b70d41d80e3dbe31bbd8cb0df2270be9cb16c14537e5bc2f2d37b13111c20aee51aeb480ecbd988cd8cc9d2a27e83d429f0dcae6b937cf440aeb1598920e11d1eb2a49501d59fce5ecbb7934b535800b1cba8f96a5d72f72f161104048aeca2c0f5d84639358008ed2ae78ca8da41fe1ebc8d3ca31dc14f5fc56c443dec3062d0286986e21dc0631734c901eee509ee2f68dc6014898c309e86bfefdf562ce2fb0ad460fd8e9d33e57f574ae67a7dd7e491f8fb6f9ea0cf25dfdb6cd9313ed34ef58bad3fdd504355e72c329e6581efbc90bd92a1f22c4ba2103d2a8a812400df8963b2e2ac0ed01b07b83e6260b81898beacda3d16db379ed329e0f7a4d0ef9b84b83b693bbf3feb8e6e653ac11ca60b3e021a8c609c7198acfcb0b79da57b95837f14be95aaa4d54cf83dd9424294b0292b6e89ea2bba2e1144b166b57d195370cd41f80dd29ed523d92952351097998ac1240cb2ab7333a3d2487d4c6a324446b3fa45b30cfcee5337d4dd111a4fd973394238aca5c05bebe3b6e32320fa6bc5a588b90183b95dc0281a3f91fead97497b1a96d6104ad339f690aef91f0d9e7c3be322bd7bae41617d3147da8ab4a0437c15ef51a5cc7f2dc410907813b97e249163587e6246612e21758a06618c69880a6cee5314ee42d52fdf1f1d20ee86704251795841e6a9405abe6c7b094f88532b6c6b35bbcd525ee8243facb29564e7b448834a7c9d901201a07c2f3b3b907aaf8436a26c6d77f0a2d5e2c0adad503c91f91df240d0cd4e49635440afdfc39fe37995fed127d7df4fce6c92303f38d297e263c7180f03d40238651c4450f87348fcbe1f992746a954c2ba1bc54b239208cb37b901c0d3b363f6c79f4af478638c39b206ec30ab166bd6288499d0083cc34e60a077b7c4b3e12d3acd3e240c61820625fff66a19938f04ad5632029cbfbed8e136e5f6f7ddfa4cb811134b9d39fc3104bd06ce75abadbbaa9d6a1445eac881750bea6053f5640233f3bb964cf325a30f8b1c2ed2da9326505e0494662534f633586941b77d0cccbd8ca962b80445df1f7f38c57759f066e8ba8216a1e152d72653d99a4f03abeb76c035d5d0a2bd2a0d0834b93c9c2653ed35c74a2ec275b837374f04396c032b8eba3cb0d0f1d761cb74d94a5ace3651de85ddd068f0bc787691d356176df9cd0f74b5955dc87fd0605745c4b49ee8a376033f78e144f494bfc743c0be3330743394beff4b1282ba735e5e3723ed74074177d3eb6371e32c16c55a3b8f706b95f8d9901ca8878e291552f001f67692cd0cbcc668fe4bc58e0af3cc7e0a653d6150ccc6069bea6b5716254057a194effe40fb944ee700392ed51bfe84dd4e3dcc7e2b878868cbae992d1fb743995d8f96671501524948bc3937b4b30d0e57b9dc16622ddc767e6bc1200fe5df2fbdfb0f46c64b74a6c964c674853a89796c8ed6bcb486f72ae7b5dc68b5b7df7ec887716e1b8c6cd17b771da77391355749f380537a945c7aaa788ccfcdf1b99b5d8fae1eaa32d10b6c886981755d579fb4d8fa2431bf9d65058fe34e9713e32d60e65b8e4fd39d9786228649a8a8bec4e008c3614206a443012045cfd75d2600af2d43351f7bf9a215be70c2c2caa75550021177967c7957072da3dc1db4ceb30e7a98e6f17209029f4ae6dc9d88ec8eac2c47810f956e3d8fb8a32fb276448b464d5f6371c9126149517d9ba475def53139229754d7799160502a143a72f678992716026d60ff9b54410b3435b403afd226130f1a8e9e102707f3f91b010f151b0be069ea4c9c233d36ff9c7f329bc08ff13de568f8597b94bda53149c7d7f5958c40b5f25a228570053bc64a043c3f183346a558d97954d0692411c861cf78ef792b45c629e577731c4df84fc34f936a89ffedf5be3a86e2ee281d54cdc97bc1cfd827f12e35eae370ba9c65b7f6026695e6c2dc3dee4a51dcec3a876aa2339a782d2ca7eedf739ef4c3800713ec482e1af976b57bb9dd27aa2e7e7df2825893a66211080fa89981f66b1a0c9d55c61d0fe58aea67b01fa747687f038dfde066f6f516dfb84b9051ed85b89cdc3a8ab7f549c0b9d84c2a16fcaf9d25694fda75e1046ddf96c233a273fd390c3d0b1a9aa469dafe8b58066478aea48f3d0f384820f3ac63c91272f19ce97c7397825cc15fdb9eeb7e678863649bce209842e0d16488bfcf02e7f554f9e9ea350b699bc6a7778609db5dc7e1a8315717a9cdd8fd6f68d309812548887400e375eaa036d2f1426f990b332ef8193a61cc90516c1245a11f9e533f28593768ebf87075ab34f2a70dc40477bc2adceef4d2c90f47eb82761c7920f470038d4c8a619c79eddd62228bbc2f87caeb21bb7f6949fddcb91d149815eb972b3c370dee3b89d645ae14d5e2fbef30a4eb668a203060ec8e5eef6c97cd07663b099253bc569fe8d342bbf1e2b2c9255d552500a833ac828cd63503255088ed63354a54e0e5ed957e9008fd69dbe29f156a7ef876a40a94f65599be53d253d6bc3258a8160556dda3e9b2619205da514e83f869515c782a328d3c273448411df1962cba1db6c05b3213c9e77dbaf6759253c7c6d0efc5690369c7f7e0b956540676a129760a3eae3092947e3b7a5bafcb0fa8e8dfe3ea6aca91867b4773c039d539af17c883eb9283dd14a3eb043e7bf775de87763e9f8121c953806fec5af7f5b48b8a31a003e171f3fbb6cda17abb967ed28ec9610137aa45f735936504a37d53e03abdfbc7318d9ec743e4e6a6f341e00671e123714de019a8c8dfece5cc68249206e4690fc4737a8d2321994d85d661d792223f647000c65f7cc532d783a7461f227a5da8ea80bfe1f52854cc99ae1c1966b0a21d0127975b81b073de9370ea873f548e31b8adc081777669af68dbccabc30c3b6bcaa81825b23975176653284f1f7356ba5539cfcb20c9f5700da1088260df60fcc5df2b5370fcb77e6349f4467edd7227baa73222326a8c055c0d04f5b06544665d8bb3ea0abdc563a06105aee3c6136871c9f4d192049debbe566ca5782a3045cf300a3c23af4b45f1e166141a790d1a3126e77ad254c8a084d4545bd80577481aa030763f53d7190148675e3cd472fc826828c5ea204361fe7f024b130143eb3e189a18d095a94d20dcaf7aa07301948549beded20be76a86c0d71c75035fced631f874d69116f8b0140cdeb1f99a4d5096ffe44ebd440d99504722d80de606ea8507da794288f252f45d35735a13853e6059398aec51422b30d61bce078b27f0babeb1505259756244493872b7709a8a01b536f7e2b2b75b04175610e5a00c1e221ebb9fb7b048c96d44a0337f049e0a61ff06d3b1fb02964aa64e257f9f26a31f72cf300891a62162b960cf02ce3827bb363c466accbac9a66b805ba50e42ad715740ab8aa05e782481f55fc1412a97e7ac34ca43108ded5aabc7793d3f9b928cdd540a65e195cb51418279b6fa8d96847a604c5bcfec8584af0d967f1ab10179ca4b5f14615696649541a025d3d0f8e0447f8cbd005a556ccd4211ce43f309bc0eac123b7f02433572a0a560e620311a469c6ee69d3769e832ec77c9584e0b7ba112269d837afada308dd4aeab28ca2d57e43837a451cd0abc5ce4069304c5442c87add217938e07bb1fd8796e0315b88c10da4902cb0bc38210839714ebdcf0efc37b66b4fd401a271a1c7224027ce111bcee8fe9093fbbb687bef15a38facc44d23baa271bc35fe054c86928f7016e8ae6ea159dc9788ffac311592613b7f71fbb1a68e5f4ade56ed1d4bf273e5551075099f59c0842e83c808dd1813b48a37c6a8b4224068a41c5d37f5e2d54f3995089d04863f100d59b3eb688a11f95b0ae60063e26c670d07bb7c4d30e6fc69fe056999600eb275cc7196161261972daa59b102f0bb6efb3a6128a3c750dd16729bea554f89dd61cabd2ff833d3468e2008a52cf49fea5ff66588408852f65cf8272d0921d442ee91b896ad95059d13df618b090409688550f3cc93f4ed88ec6cafbdcf6070a4ab7f3afbfd2809173e0824b878d5691c824ee2aaf770f7d36c151d6565030e1fce4e481f9823a7de3b8a047bc7f621451b4f5df308a8e098112185d03cf87174debaccd689c90c34577b82f959ef477884b6ac2241b19ee4fb776ae4dd9cec1c21bc54eecb53786a2c5fa09bd7db7397f7d83052f829816ecc7f0048208974663db80265e9bfe7b222dcb18b53477c2821c1bf0da5d40e57b870d35de7092ba6df4276921d27a3704c5799897416ac0f58056947e2eb5d5d253d4f27cac11e2f46ed46c339ec3d569853759b3f61131b6eceeb2b14835fa648a48ffa6ea8471c120fe8cc35a2954c9b9c595ddeebdeefdb7e7e7a697e1c3e3d8ef54186fb23a33995d91ce3c2212189178c872e6d3238361fe70f22fb0ac624a7072cb2c2041d9763d84d7d655e81178f444e3ca0449fa2ea7701a7ac53fb719c51a5dec707028b05bcbd3a1db5640f842c5ac1ad983e08ad3304a97e147f522747edb60b95decdeed944b4cd8685417cfdc020bf2c45e7bb322f89a226bd2c5d41b7993e11204b215b27694b6f139e34ce8e139c454239bfde741e893edb46a06ccbe1df9a5d08724971f64a511e24fc904af5d5ef24881f3c3049a7b9bfe74d58b4a06d868d044c50af0cf9bc82d2fc19ff83630579d055dc5843ae693e7cdafe0c65d7bd70fe3e5e3a2f3de681edc193d2aaaddf27344ee54058548dc081c6541cc0991344c3d760ae42259064406bae1a9365bd906e11324065c35be476beb0c1fb2a1c37b18aa4611c3949d6148d0f8cbf8710b43df3f2c1553e649403426dfd16509f6eaca1022bd8f28d6bc582cae0fe473396242072e84af286632d3f0fff708f064faaf32a43e4d3c784e6af9eab1301141feffabac455e1f90a7de20545314b9674c86e3f9d1ba25ef9bb328956547884cea64550284728eb26b0947ef3cf2559725a9fdfa602ec8c887440f32fc79250f8c5b804390e8da280b4cf06efeecee9f1643651799ede2740927317a7a68443f5c80d181c42967cd71612af16048ff4e8cb07aa60b6777b6f7384d5224e27b869b66e9e62724bd7725d5d9c17fd804295ef7f6a2822bf4c61f9dc4a89ed9328611fe3f45b3cce8ffe386ee972f4fe03d77724a7217006e5d167288742c3ddf4bf13852db711dd1901fb517fa07a9d3fed4c5ea6b17e80258dee231fa61d77652c97ef636343742fc3dcf3ba949d4b2faeb4b7b9e745775793141e2b22dbf21633f03afcf882eaf10e4b5caca28b60a16b55fd531047c0c958ce14b958c9f32e03aeb2e3000825c8c875c4edd03e7ef47cee6fa4ae7567394b99912b7b427426b8acd2c2e53827970f2c2f5267cf64379eb6f29a4d25c4b6a2df713e47e05d6f828574fbc975a896b25bb011e54b2b21af94108d83c2a909d5b0a6a508bdb5058376143fa358981954e7626b8e9412ee564384b987d086df32d4ce6b7cf05968255451bdefe3c5bc64d55051710c66082c124f8afe3df4886f5e516e01843e35d41ccf6e63273495ba42df3c170c445ee64b1ed0583367a12a79a9ef21e0a84051e6a4a7381473328f43c48847b41bfa5085806dfa24b8c9de0ce567f250413d2982f1f83aa62a3a323cd2a87e82c4b19b8151ddc25d4d93baf7b908f57bafb2c2dfeefba931bb03a835b1fa97cc234202e98d2722580858573fd0817d9ff90f4000eacd3a6c9cb27f78994cf73f490f3f868edbcd80b5d3f7cedc4035e6bd7a6970cd4325e587f02667f7f730bf727e907c5fc9d5356f11e4c45d613fec87a37cdeec1c6ecf8181c0aa2d3bfc8067ad1937f728f51288b3eb986afaa4c8c76b39d294759a9000cbda3a6571a53f0d7c537d99b3824f0f99d62ea24281f34004ebcb05f9acda6016d5cc52d5eb06b5541a62ed438f956b662b4e1ec286b5754d737784b51ec5075c0dc437bf0f55cadb97eaff2ba1980e001b0bd98422c6ae45a3e88aee548c0714fad7f8269b4baaff0e2f11b5356193849021d641fea4eb49329550caaa1d2044105223721bb03e43ffe34eeb242a2ee4a4f125e566a4cbdaedcbda0fa8ddc7ea32073c4757989edad14ebcd3adfacc7344dc6b7393430095c577593aad3c39c701712bcfe347665597cbfaef834886adbb848011f01a0683665f38d8e5e567b3b15ca98bf46515dcd99ea50dd0671bc68408304048a20a8621978632d76c43dfd28b67767c30fb4dc55d801fc7473840b5b161dfa33bb83720ba9d2b6da87114380314af512ffb0968f2f56e51a59a6beb37b2859d9fc0cdb67638d50f411432d0d41d0ba9af76329c78e28c977ab1bcd1c3fe9b8cd10c7f376188a4a2ca3e8fea2c03aebf7696a9b362ac5a51c3dc8f098b739233f998e713a6e02287c374fd26835d87e696b35cc35e710279b9c2dedc08e22d7e71e5cd119bbc5797164fb0cd7fd94a47884a9652e94555c70f96b6be63be2168c1b6fa97c4288a4514365198566c6fa87682805257e619d49b8e0dfdc14affa83691715fdc5baf20ed0742b0b85785b30aaf34d6afd4b11cc3b3ac4704c79088db9264228dc48fbf47535e888c02ae04e0223a87610176ef0d24ef6d2dcde3af8b932c70d0b2e6bf071729a4fa68dfc831caa1b600f852b7844499430ecac1784b20b1f5a0d103f5710bb67a043cd78b06f50d1f89bd8b2a0fb771c1a69c2b0415e1af7ea95f89f4e375162b21ae38c8d09e4b85c783cbc30c9b8ae175f2d33c5dc3e08849bec07e33ca353de62ea046ef80bb237adf4b6f77d0700e12559074a8423d5e91fda00bb7e46540e2b0cf1070dbb6024b5ef93784428afc71f21464a1590df1d5968d41b855005bb8b67bf0d7363894acdee742caf7fe4e97c4d49a6d259bfbfa2062843ef543e21d7ec8e31c97cbb941d3e92d0e6f9925e9bc4d79407c826d8e3c07ad37cb2d13d1cb641234833147b97bb6aed53a8f4f1c7a7d8ba3e9b6a519cfddc560b5d53210df1bd6be93f7a96fed60c477d30ae1de032fd82ca5dd156cc926b2992f73c2896f76155a988dfb00a914717b3000a3374694c217c0e01c1828e7279051f1b6675745d9824f9c1543628a85bb51d2dd6fcf8a34de754248c196c85ee4fbdcee89179bd7827d1ec626c891d4b61a15c9dff296e0747b9be4f90056c30eb5241f06bfe9bf7ac67a9aa8d255282de7d11391e1b6940c48dab939a482f04dcecde07e27de61bf0c59238dd24a7f09a889483a50e8f2aedcba61ca55ceb62d785c6b7f10a839657c1fffd38824e5ab0472e022e577ee92d74ccacdc984afa0c517ad0d557a6c3a690be93aa602ee2dc0ccab5b7b67e1b113258af3968aaf3969ca67e744ff8f0f6ba4b5e0000340312d33c212c3ae89d28de8ff9bb6a3fa41fddfdc28f3bc192a0e7a415d64ebafcb16a8ca817cde486ecfcbc1e9f1ae5ee2d71910877da360e4a2c65bdaddd66a53422d93daebe68b21f9f98829dea9a48fd8aaddc1f159d85353d3b2f39b9c9b5ee3576578c04b7921c2dc40d0b979c2910298d2f8801524be5a36cbaca8ab9d2066debfe4e65c1d7619beb6eb189509885fbc192d2874b8c59fd6fbe0e9793ec2b27971221cace5acdc9ca5d99ae66afdfe1eea0e3b26b1d94108e907bb8311d8802b48fd54b4a1680829293f2a8541efa2647a0290f882288f691b58edecadcc9a8691762b4fdb5baa9c23ac3e015ad287b17a3d4afa3eb0ecdb070a1a0ac46de0cd733d39cf359eb5dd36914c29b299c84b7ddaf08ecdbab2adc8f9d078009ee3fa810bea142dbd22ba3bd0df8f385bdac3e9f8be2078169e05e2a0debcb15458f2cc1eff0eae6acf4b0f69f6f6e60e9a815938aa1ff42fe880812925e520249e808937738d2dda04f9d634145a9c68d5dfe53b2127248c3ec5c3a93a9e294a8a6392ccedeb402f657d55eaf1c4840ce8d66fcdaf90c852c44ddce7e0c7e4c64d86147300831283085d30e10513624c8cece7993f4dec0e90532fb42ac6de18e25e95db7304760519c3dd22587d6de04d5f1e28bd41d8f125da0b3432ed853c0b6f7ee5aaa6bfecf2c550171d3195c879d115440ae45ef1e491a766ce3127556063d49bc2f9874934548253bcab8490ebd74afed70319457fc28ceb408103e13533e4a5b6bd15b168fdba5ee5ea262cc2d4c0b45769717b3c7061788dbe82de5abe9f6fe22b3309a8e73b2cdb95fc1affa8845504e877e83722522e8aeb7512b7075311316b7eaa52f3366768bca401dca9ea5b181dd92426b262d11b0ade77387cf8416e15336e729ec173b94133d8fa552e4029f8bc57168a952f5d46724cf35dfc3d48a7fef0917ea498b1665ad6c701057155abefb89fd138b104dcf8e2077ad2a23954d743c41a921516b04afde48bb48e28ce67876acb66640bad41f1e1371ef30c180978fce5bcc4eccc88ad48ce3914124a218bb68e2b38e4a8ce7cf4f6b2625768c026a39ae63343c68b5223a95f3e17616ce758408f6ef98d7c7a7b786eca7b3a8453fadbd8a1a3af50a9df4df899537b5bd70364a8fcba02366697df66f50b4d4ed57844fa5e051809ead5aa7e3e1d5554ebccfb3e317c7789f04f7a558df453750abc3e730e36b387ca8e02c26dc0a2232b991e5d77ad140559ffb95522992d0e02e27e04fdff967ba7d76fb24b8069d6403675579f6114559c90de0014cd3d692f54963fc39a9d87c2253186808ea61880610aa9f9de9ea7c545169c716f477d3fad7d3634dbfb61018813546edbccba431d70133ef6cf688bc4f6093922b4853c6de78244e9f528eb3e1cda69699bbd756d3d2b9dac72449a6a6926534558a339a18def9898dd60a634b2ad8fbbd588dc5983b8c4ef1d8fcd5f325f9a65511321cf86b4c9f5ddd04881a44067c2a5a1175defd049d3301e047ce50d93e9c7a6aed000af86a084f9cb0264161e29dd35df07ecf4cea616e3eb384a9be3511bbc4f796afbc6267501964b46427b3f6baa3d06db1f8c85b2837b4603a5183442575e33da9b103b7b91dcd8da0abe1354b17f98ddf040204eda0af36a108cbdea440173ea48d9567f1f393b20c855bb40b8bd39eae38511daad6152e84545e504dcc70903297fe1e25537ae50aea18630606fe1c234519f6812fc4c1baae25d6af8e68c3c7bf14ad0bcaba52babfa470bdf1748d6b0fd9d439f71450117eba27256412fef87392ae8c987b0ecc79da1902e354fd90b2d5c777bfec87a352a189764de81d9105c85bca6e6e4666e6dd536a8e065119c74efe3a47aec8796964cf8b8cff9bf6694dccfc3b6a613d05d51d16dd17e652cd2a08fdb8bf7f68e2ad3814e113bb92c69391dd39e2488f9f58838275455e062929d32a333868084286bb68fc03d48253286a798f5116ec00e99b2bb75bd27b5a48a1b48987a18d831f6336ed277964a8959e72a0d987e598dfbe72c61fbef63df5ff317aecdc3670094472c60d870eaad6a3946ab3e8734466e53206c284d3f757b15c02f47f3ff06dc27509a5e2a11bea20817477e0b1dfe2cc219a5748a2fbaa6564d05d7f2ae29a9355f21e255f89e0f258accbe4e984eef486f12f2b34a0c3174269c19e21c07dee6838181d991caac98be8fb2ecb8bd0f166f35a2bc72dfdc2aae569a0c7370bd7f5a7789ef88d599b8df86bbee632b2994df2e43fa3400d826df4195a9ac70dca620b7e926154c1274e8b602ff0d7c133d7eb06b9db06012a7a4179b8f3cb5384d330f8f6b940d1073d8b6a5eebc46dd6e5d8bf84be3800d12f74d8b05e9b89836f148260a1ce4fe4907df4cd475c442e280c215f194276000be6a6df6528067151217e342fc01668b10cb1188d40d3370e7180cffd6a8e829dacfc2a31b3f72ecee0688d13958a19e087e123148555e4b41680e9fa7b4dd5d62ece800239bb53bdb096577e264d1ebd6b41041f392eec2318ad9899f3f21a5a1583584d5f11c0c0358aee4cc897452c00244351e4d91f691b9812b99fe2672af746cefda86be5f92417dc8af8570f274e6775d4d60496da98b418276d571e623651fc1d471c7811908a6f6a6c131a850ecb0e3f11b08189daaaf13651380465fc284db6940d8478e727fa59ddefcefb5d395011676231321102a326d5f7c9e04fc3c89d0ede88c97edccc661418aeb5761dbcdc06ad490c5ac8bb8a7d745102a978c5f8ccdb61b80bed45bd5774ffddc95ffe500024f628028ee724157b05d04e7bdcf237d12e60f8da71e562ff44a2bc7edf3578c593da0e900ad84f63618452210ab8baae021888fee0421317424e4469f33a48f50cb0a8345c3bb9e3896ea538ce77ffaf2c20a8aa681aaa4588a8dbd3b42b26d59a1ad89a66c7c80a29b1bdbab0f2a1a94af8e97c864e8ac67f7aed5ce53ec28638f594aef38441efa3380a3bed3faf1f9d5d9813b270ed0288e7c0388f0fd4ec68f5220a7f49d42406598587a66f02584ac3dcda54e29207294d8e7e1b537338b1c0f15eda31a2da646eea513b0f81a5414d8420d359404024567b5aefda1231af247c4bf50b715509a963ce81b168ca674b41ab1b1d6bf108f388dfb5cd282fb76c3a0844cee4fcf57de0c71e9ad3035478573eec40e4ef4f2089531dd5cbf629f8b38e5ff5f816ac6e4169bce9314b2996577fd60255d4bb0f466464849ffe6d8ef6185f0ef02dcaec414a3171cd01c697110eec23201d80e40d0c4a48954e2ff5d790c9e6c0b5e02c87b375e782ac01bc3bd4017318837e92a66298c7855f4427cf9b2d0406020c56599f9a93708832b5dbbf603ff0e99629dda5d75b6f75f966dc2b690516158a874dd8aabe1365c6a0ab452534c5ce28c4fbb0e102d4a4fb2efb4ab556bc42d6f0ee0f9e24ec4d1af00415740eaa4d9decbc8da001d3fd805ff1b0775946bc0329b35b823b86eeb5f5df0e09d6f25a15a815563df9827f48fa2e7ceec8361275c4e31fee5fe422740b220c77af02f8ad8561b150d93000ddff81c2f886f91e18fe16d6f4e865877cb6825f9cd5f0390bc77c1fed3c94885c872e74c2cf88f68a68c84e9509abc7ea5665f2a94c8c2d56d5b43a1a3d9d81110203fa2f7502f5f6b9169e67d17cbf51bb5a99158e0c52f9e7d290906c9d08268dde594ef5c314372edec29b93cab9d72e65fc9fb4897a89789352e211ca2d398fbbeb0c1b1fd44e392c7ce2fdbd137e87403ea2e851b9ab04a996beab4a480a30b628386c9b92481fab68fbf284bd6a64ff2cc3b8c7caeaa068f2abbc234583f5cdd96eedd7f695f4d61802f8105ba2b0058d6f2fbe951a5a56d96b1f1a6bca1cad47a008a2f806aa6eb1b53852cd8b377aee26c309def8c5a2a076eb250b8f36fa2e8c4385712f9a1d24c363a2cbe5b8362387494f6be6613daea643a7706a4233267e5dc58fad346e92471c43fcccdcc315f0320b7cd4ec85756fac52d7807664a08e5f1e6c39faeb90108c430eb1204bbdcc0e821637155ac4217bdab70d2eb1c00bcd4b5183705c134b3365f8c45e23fc4cba066f390a8cc729c7592b6ee85e751896e527c862bf67251a474b3819b7f1f29db7c23648f2bb8d6a8ee0469b421b3ac5c24ee992edd6087611c60dbb08f38e0434442128fab5ead6217ca759361440528766bbaaaa1901845cf4152bec1f850d934f440cfa8e4a18d2cf54637f7c351ee977c765aa8cd5c7020bc38f1d49780520898fe37f0cd6b41c5311bf47fd3c87f42f55d4b233417d49c347839ff7c9eb9d37f434db778f59178012daa4613e8d72a61b3b69b32d040f89ad8156584778d5a8ab88d6393cc4cd11e09096f2b50b5d3613adf9c27049b2a888c7cdcb2f5c7b071143529ef7f2705dfbc478f7d96ea21ccae89a7b581295f3413522b1f2e0983160db6f7bb9f62f4dbb395a45828dead8c065099cb653a2185df1531db99cb00833bcd414459069dc7387d37124c4c79f357cb02c655671a432fa868b7df964b1af24c8c0a9e43a330c6a1006ff12c465532f8c574aeaa4461b16d37b3ca37106b2bfdeaa12647e3bb1c9fc192b0c0d270dbf41870a63a8c76c2f030e65da2b1c944090548d36b244b28db2ea5e977c5fc1ccfa74171a9723dd619dc372713683fd865d366d5d9ee810ba044a23cadb567653eb51d4eb40acaa8817693c91d9204b7a7646284bb3adb6039a11883317fde3aef2e2432a58c86779d58e2f077670f4de9cd7963c857f25347f141cf8e7136ce8701dc6636c2a6fe435c5a2cb362c4d214156f930e7d13252b0bef4c9a6e50d43880191492d4fc827566a9968b43628588e76be5a85a0f9e82b6921f2c64dee16ba21ebf17f3c2c92f804d21145597e42851fa736e221da3f98d8a23fd60826a2a474c5b4f5811707370bfb31abd222b582245b977ea5f25a045cf83ab0722e782cf72d14e44adf98f75526659f31040afeb61cb7133e4e6df499d34bd87b42948b3960b8f6b82e7444ac09ac6a149136a4102ee4b4103ae6a7a3d70c6d17a73140918996d03c014fd8e1344e27a5b08cdfd5d027d9b8d6de92bf5e6240737e0326ea59846a83e076f565bb9efccaf6986443db0bf01018bc1cd138d0499a68f4bb72bee04bbec2d74a5876b450b45371f6cfe5047ac8cd456244b2ba957c48bc64582cf2bcec3d04b4a721cfb62f5d19ec61575114d8a2d1fd4f21f2556dad0ea8b7a5c04eabebdab1300291698eadedb559786c809cc592d47844673f2db74d78da8687d794523dae587cfeea5ac21a8f1c1ea51027fef060243f9b1ac2dba11ff8131c8f4431e0ccd45007df44dd0f12098f486e7e8a0faeefb050911334869a7a5d9e4d0e16895be278a9e02bed9248a4674ff62fea2cfb3f76858cb38e5b7fd113e0bc1c07212e0bff759d057e28460eaa5b2cb118e5d210cf373cf002a04ec72ee395f66306b19aa25ff58940d974234b48391b9549ec0bfd000f253eff3acb1043e1c06979ad82140cafe816c41a9c9974e9240b7a1264a061d82a2edae1574b07249800d64191ef5f6c1576762869ac49281130c9e465ae46b07058f4ab5e96b98f101756a7f592cef8b130a6967a90617db5681be27a949795bbe863f31c3b79a268677074378afe5e8b20910cf1f939e57f0480952c3ff98a6acdc36497d839e31aa57c0d9095b0d6bbe98ea0c9c02b11b59ee30fc170ecbb8ff1afb2c6de48ea5343e7a3788c8c64fd65c470e23e7534c3ebc82eb5657d37f474e4c4cf01e4882b896264c31821603ab476a318839606743bd64ab52371762b735317125e6446a51e8f564645fbd0332f066cbd9d083ddd077cc0f971d8cd24364f2029fcb9ac7b71f5765d5fb115a9f6a3e0b23b80a5b2e4c4d0010a6f34908640a4a6da2389772a78b4fd1d2cb085390fbbadae65e07876a7663772ea088360f95bac3dc7ffb841be227f6afd3b7f89b96c4bb91f95d50f6df3b7e5d3eb074cde5b76e26bc0fb577639d352b0395ba768e18f042c6e2a86218e987cf1b2f1f6ffa6a43066798b4b7ff5b1b89d98b7286673128a5fb112cb9a4e2a6330465c8ffcaa696a5a16639176182e6c2d3d78eef40e5dac7da77a748fd53697441ef12a45422f6660202f984028acfe2da49d2b9a7f177458256f2540aee92f16efd522b9326c25cc3237ac1556cb94cb34617aeadff1e79b53f383540172d289da48c48de8c5ebf3de9f7ee146f76a4bda9a9579eab38a8f6eabcda1b030afbb3a8af8fb0759241c97466ee43fc2c60b5782f641f76bcefc39fb239212311d05c9aa6776570398423951121209b69adcd7cbae914c6204984097d2dab139aeda1c2914e3b579aafd3ceeb1bd46b2644cbdf489fac0e2d192212d206d0738069b244a1c43c83112b735140a164ea6a546c19499318091a9df40a131812bc8ae25856bc2a6a1333d1331a3b7a6ade55409d1224074754035a5a937d2e09752d873fa71c19dc602bf2a0696f9b56775a0635c302542da2c32aa19d86be06e0e24295e8a86282cb559b860416812353de26971b93af88da102641069b440d0bb8259d8fe3c7df4554dab9d7da3c95d75b942ab4bd730bc2e819df9c9a4b5a78482ce76496fcf49085f2190e675b4d71fa38b648d86602d14ac610f2e61943812f9a59b634c2a9c574610eaba5bedbf2fb7d1825a1df3ca308ad0bf48591e6f1d0705c91c2145201df18a1a0c73454b29fa4efe4fb7bc667c7b301b74d52deb9fc349601c69352c859c1faa287874fdf1bc5669e8ff5ba45d02fded729feb5a2756a3cb9cde852cad3c97e120b6562217ad1dd50c1017d3df6b44b7c45508e833e042f509c996b1b25324d56659fbd3d80b656929a5bc0fa34381bf42fbdd881c6efa917cff1c97a74e03e15f43e8d3aeec875c479e55d1cdeea161842ec63070e6addcd702cb58de5d7897bfdae11a6727711b84fd1efbb87fc565199d131397386b7a1507535c59764a15ee0c984491777b1aa8b5b32c2e8666dbe1a49542a6845a557bef704ad8ac9cb4461d43a226e450e214f350856e2980b6e55ac9894db62f7b7a6ed2f2a277dae56a017cbd1354624fbae3b2149878941c60df991ec3e7af38e33222bde173fecaef6bfae6cbc650cd5798a05dfd0f51d14cde5cef0d17b3bdb4ee2aa741ba28c7255c5385690f81aadc1749175c187784afc9ee801fd8c2a4e79c1d24a40dc735c051ae1a99f6821980ac99136dcd2f1e9c87408b3bac12926cc1d9fb5d68783376971de2c61965b5e23b47b77d7c51611b6d7f327708dd10d68b1361ad3addbaca01f22650d6089a6d640c5e85b2b88265dc2b7e0a0209b929d097bd3e8ef30567a5c1efd7e9ed0e5e694ba6df444d84dfa37de6af401c28c1790eaef7d55c92ab6ab64f1f29888cabf5d45f866fe457737a2312a1d073d5ed3fa12169c67c4e2ce415f076073b2082f8741a9cd07b789c77a0a6db4ed04f1621a119799fd3d7545d3dec8b57b0be908301f5748fb04b0714c7c61f571dbd2fb949d3fe5ae1608dd48b445e1050156c6ae8c082a8422bb7dfc02ef35a8b78b572a47f56846acbeef5d3c3008b2c6f5370b744850a98a95b73ad780965ae22ea6aee11935f3fb73da841e98741479a7b998f88b8f8c9f0b6b6f115cf76466b97264765356fcc56d801d11dba5eed8838571e1c80af145184e515488c1e0332065eb80e1129139a67d6e07f018eb7b301a66658931cb8a93fd6e8b4944963b5c83d545c3d3022bcf032827a006957be65e608e863301eb98e18086fe131632103526e3a6e8114c78eb1e19719a00ed0c5709d80dfef33795dcef35b4130c9e891d39891289001cc97d86b6b8b8e3bd6ad94b985c1b1f1b7a94cb2e8f2779682fd11fa2067beffc27a91926e3197aae95c2ff8fcab35cb730f6a8625ef0d887bc7a2b30089a025618e1c62332647f433a1c10fa2e2ae04abfdf83ef9fd2624beefbc7808e4e405d73f57aba57e8915461b83adefb011530b711704379a7ba015d8bf1c70b8add2c287c6fa3c333aadfc3ee8ecb8d77ee31197d96ab8b9c74ac526fffbeb2d39ab038d1cd7314450613369e0ee72d0da7f6fee773c9e82757e9a1c12cb710ad680db11f6f1c7558e9d1f956b016d1fdba7ea13237873b817090081cef1bca77232f4532c5db5b03f06271f8917685d14cea7c6c50adba31bb5c75992690f20c2d3b370ec7cef67f7c2d86352c2c42e19d20f881f53c68c9c8258ea7d85472dd6fd0015f047b31df16a88ce00fed951f24b46e0864917eb7ecc4c38e4705361cccd903ad8c6e924517087669cf201ea91bd737a4ff4340a39045c40d50dda207bcfdece883adfb84a11f431c62436cfb760e30a34fef6c9dc70ecfd8f90ba8598aa2401cd1a6271faadeedd7626d661856b7a004e27465636eb4a7ff4b267f3b765d07a02da17d8da815fa21c57af9829fb0a8696026d19c113404cee55b4036fce1a37c058a4666cd9e1ab0e4abf05a0fb232f4ad33953630da28e5181cffca1278517e3cfac34ae1fda29b8fe781ac8d6d32a6bc756c82ccd658e09e829f16bb99457bcbc2b64c2f19d868305aa8bbc2d72902cc59087b0efc7c7acd1ef7e153678809c77a36b0dcd1e6384abc0e1867860ad3ee36624b6d8217cf71640993409df58204f86c4ad52768c511046fea7b2d42b300cc429429bf1f2af051f2021dc92a8ebea25766f01628f3d34b93a36a2301dffc95dc126b503e374b0e08231344a7f493fb6617980ce90f637e68c3ebe8b9be745ec7f346604f518906d35ef0492709f788fc687aa152e8199fe9e73304d407bca42853a61b26fef79e2ae788d973567996c990b7aca7bc7058f5e98ea909e924b8e930496927757aac0dbd2438cb3f4f64b21cf96d4cf612f239a6c322b10c8fe2a0f97f81755e2878b264adf39cba68e6e82873a32b95af115de1c414a1849cb0c1c995b77ea7312f887ddd9f9d35de5892c3b1c6dccd52936e27cbd0ff683d6c9efe5f26cd17ba6216bbe2a7d26d490ad8e88c0f76fa4fc8e5474384142a00a15c00b5250ddedaabc203b67f8b034fde07bceab69529b0f0b43625953fbf2a0bc4e356fee1972242c8f7eabf4dff51702180771a9b609a26dcea07f272e141f1b79b52d1bf6f71b2b1eb7ca08ed0776e2f9247929b404b2fe98ba6f32301e3bdc20d1211f3e7a99d775b26052e0163eb44afe91b8a427a6be2078cc89bd6f9bdb5cea26ca37aa09e5365f3e7f5dd9ebe22cb9d6bbb4c290a94e4fff4d68a831b91b1facf3b3a7890177f02ac188f14c779efbd24d5a7e37ce8dc93e7c04d572d1c373ab1570cfb9a7dbb53c186b37a23e60e09c222f206c725385f53d7e567c3b2d8f129ae2f408f2153cd9ce663043b887d8d5e65ac4dec3934028fe23ad7260ad83801910ec976590f69f638e0d6d1c303b0eed3133200cf715285011b4e465a31da7ede4dc9b03fb5bbf8f442ce963f44623dd8686aba388944c8810087f62da8c91ce7b10846231921795d6059e466473650870501e3600d9a1b4ee5d446db291ac9963003618ca6aa15063c4d6af44c4c56f385c43f2529f9b1b018f6a0f21f0349462cacdc5796990d37760aee37b08dd3015330dcbb5d6663667b8b86788076842014c83cedadbe6b0ba03142ef3e50fd7c1091dda165f25be7f64fda209ca7b50dcaab2db7c2d4d1223d4d52bd2e3373dce441c6c3bfadd1daa953e9edcc1391c208ba0b503fe9a225742512d71b2ae158c7c5912cc0bbde2bb9d95aa6b7ad9d68bf3443c35d23de844463b9ff0525c64bf3d4c9957a1d4397f1b40a11ce019e96a4c60832eadd755a17a58b1b0432ceafb0ce714426e9114852ac71c67df9e0a5cfefa030b853983324004275d7fb2fd45098ad5c3ece2ed4a2824769675d7c11f336ae6573e7e533570ecae1d2c2d957a01dcb3f3b39685cdb4fafaa453efde4ac6a36849ba381feb9e875848ad959570f87753a60ce8be1567f3f6b5f8c32c65fee991049a55dc97d1cec5c1cb0bebd56ae38817b251ad72bedb24b43fb034a10d78bec71274033b409658aaee7ae94b52697ad3b9275d46ec7fec47a5de1ebd60f559fee4afd739d59bcb12d7f933e7d102c52231bf62b8a678f40438b554cc0e3d96ee6064c5798f55a0b83c02d720415dada82e08bc09e9f371887f62f073a78511cbac56f8cab53fa36e841c5230a79c2102036d2e259848e93028bdc1aacdfb3687181f2031765d908c9a564a86426585b29f5335b619bcd806ca13ca3449af72a1ea5aedbed26aa4380923dd651c195b1631af7c82918720479c788fb27378c2c99eadcf207e7f3a61ed715ee66c48bacf237fa7bb52895f268dfb0fbef44de0f668a022707b86a724b9124acc7b5058ed75a31a9c2919c02f9de3c2f3040751818aacc7f60b74ee16fa83c0f151ef85e617f5aa3867a622722a343513ed45f14905eb07621686b1f62fa99de9f27a048344d55c5ef7a65a01f0597ac4bdf35c24846734ee9a764110a1994471c595f7583ef1b74ba4cb77edbe5f897a5dbcde49d31bec1537b851be2fed6c55f5aa0c16ff14c140b18753a1320cb5d2f56130ad5222f93da374248024541dbda1d3fd75fe49d1a4df4d9a96a2c73c0d477ff2a6da3bf538f4f4a74c3bae3e13616104c1b25f9da1f11fe4a93f0332b2519177ed55741ea4e5e79cb9ed4f35cf7c2f295cc2bc6f732a84c8862fc1a32725712838863fb1a260b909d37c08f7b129e96277388757530c72e5522f7ac7cd76f19b396595c9c25b402bd235c31c97855b7ef2dc8b414779af0cdf61037d7053ca59347ab230818335b922ede9c9eb9eabec1c1fecbdecb45d7edfd52220e2032e7281061c82401195a0ba2648acd23dc7a5829968ce531a7d2d95666e2649fcfc6e3af75e09f5adb90cd60efb5578cd967c3c23894f3058008a56257ea05c74018291954fc56fc448272e11700558e27be60f7489d2d782e77b66e8931c93da8c88a0a8b6dec62f9e03bfc1d4783966c69cc6aef8247e01034b86ca48d90bd5f0978afa3a012503a410ce03a1ed01077e3e289f3e53c72813a92c274b8be496fb05d95033552eedddf0204e1d3ee3e4b05de4e2ddbd39e0769023effe3c16b0477df9b93e26d57e2c9922f5774d88b203c4ec0fdd266168993fd60983292458bf7dee75f12d5e9e05fc325d4b598aaede18b53dca4ecfcb9cb8af7d0fbf094517781e0382102d7b270ebf197205c00fc6e0aac7261a8c1bdc975e6107778ce7a40b9878bfb96a16a78e489b4966fe8f703b5be647f1cbae635da713a690c067105aeb2fae324034054fa177df22864518b2d7818d4db5db2def72d53990bc4805684c9b61fa64a102f0b1d5879866f2c2eba77f39993d1184c1b70d965ca504aa751ddb62ad69c63f177540c7bcb8db31697b601642eac8d4d9b1655c134b831076d6c45620a78c332836be05e71a8f34902a6e6b37350134dc6e224a8d74ce03bf301152d6e33e97c1502ae5a4d514baec129f72948c266e3f5ee243547dee91fbd053c1c4a845aacc431fd7ec4437de061c2577a46039950a5c79b1eaf15445da252ada718857e94aa0e93b918848be0b7728b4b1568d8a1aa057313c28fa4a40c5bc084b11d2761bd4b29a8e0afccd9923fe29cecb4b29494ba9ff03bdad881378a6fd4092a6c76fec24eac8f18ed793f5eaad3dd7977cd8ab1a52f058358b947cdf8261b5e1a2fedf67d6f3d7341c1c1e8a54774987d3f5496252609c43eb8a3d147ab9b9c006bdb6920adcd0457aa17b53b22963dad9bb073f2855d769be5bf191f6378f71506917ff2a7b53421ff4066020e2d89eecbe767243ca8f574c740fb4c26cc6dcebc8cd63e1bf13c5016881652983fb615a639d79cc857a6c76c2723b7e014fccb0a2186aa7c086b46ad4e8bf81e2a3a19bb6e710870acb098e584277457ba89d68663fd3c5144fd10bd5ca6611a9a5b92d1091660f3dff84fd648efe31391c5524f44ee263952e65b3610b8ba51229d1f9a9986cb066812f440bc2bb6e3c13696cce60ff163cab97029cc727e20e0fc3a7f14bc21be7eaeed046fed206a492e652d3157f2f0212a80a5d042c127522a2d51706f191d760c78dfcec5012e43b67142bb0502c80b7432eee4c5847a5fd077ba081cab429ff7a3b96e0a07319f1049e78bc62d08a9a0b9b0b9c0ad339ef82d3dc6a7e655d7e5840e66733e9ee67cc69ccd2e3eaa5c991ac880991328c8f1463748d6b6ed8e13f857ceaa6cfbdca14b805b8caaf6ba6f4bdb68675ab8b893bda6ad4174eba19ecb5fed17411a34ff5e68004d637b6236202217be3dfcdd8ce59512fc3c5227f637e41437c999a2d31694db0f8b0fc895da263fd77fc8aecabe460792d855cd8a912a97711f91a1f155c3b5020bb891119b9f5130f1fea9bd773ada5e0b63ef60e2239fa8abdd4aa2f8eb23f52202479e957b9bada847c1175d7cc3d69ed781b16bce06687822ae56e6d62f91ce9b820a491ee78c108636db089c5d9256689c43036581f781c61f26e5096629f1aac6ddb7a7cfa82574b6722d475b9b6dc7fe44437c6e0a69fd863dbab37e7897f62e8d91b1ce60515829ca2824aec1b3435c52abbdf8334ea0e7141e01cfead9959b76ce44a847c850b61c587ffbd6cbb019a1413183c8d08f2929307d4a897919a124958e699170b2b1dc8f2e9fb2eda3d9c55a0d89c98d6c54b5b3e9e6a921fbc428b5638b3986e365d4f2187f4d79e36d68c3031ccf6c55e9bbd39532b7cbe070a3579f424988a040752f2bbb001ba009ed11717eaec9305b2feb6366f0bc7bd1d4bf414073cabbadfdfcd58191d2a914c6dae66371c9dcdc91b418b313cbf30999888de32da1ec83ff503f0031c7a91d74015a9addfbc589f3fe5f42c7f9c8aeab0fc412031e192e2119df231f2107df69eab0a3862d50018a9b2097e26b2ffb0339458b55da17425a71fa2d10d355cdebc879e4fc6ecc6f63dd72e0aca891f2a8aedf265edf533a6d9a87c78335a8924215ea5c22fda1aac7b75019f8b946a256d9357eadc5ace2c86789f8684e630c4c30cad7b1f0935cd62abca1d3153a1cf0ed998d4879fbb50d9abdff8e9c2ac33381546d96deea9922999c6a01432c8138d46ba39957a8250e027c922de9e01cba8a4684f6c3471130e4c54fda78aa8a09b4d77b5aaec57b75028fb2606a5068901da92473666256e6e5b7221e5c8ec6b08ef6d3f9ff3ce6eb1d135937e34256cf4e5b2f7da08871d2a0b8b8388180314a337c9aa3c5aa8e2f37a2ecd2bd94734e5dd392d8678bc64cdab8c9a14ffebb7677d033ffce84799129386b20716fbd5b253d27cec43127089bce8bf0f27d70d480d3ab793bb7619aaa5747d3443e319a22747fbb873e8b2f9f292a08bf918f44ccd961477be30023da1bd85282513da4089c441926e1975898c0afa92fc0f8a9cf051bf2961b06ac56ba41b3bb3e6b050b6c9067c67f663b9151160453108d3e537255e9f7b931f4e905d4ae76f053f8f2516ad12961ef7fe9738ed162a0dbef7b3fe0f628aa08b90e7d87c68a56bc8eb803b44f25abb62778632b3ee0272954b956a7d1f86f76afa2177ee3bc58ce560b86c2b59363281e91498c39996bf1543e974747a2549b3107c32cbf687880eb1674a07bf717761dd3a9aeade7beada35c83d3b344fbafe43b0fdbd31f2027f20378b1a80125fc862dbb22b257ad0519d4500539da3c8bcf4dd2227d753dc18505031869d44673728e22b45e8d6abf59038a975faeeb6dc078255d99a37b2e1badba7c8df4ccd506a8899ef04eb612baf0e86671a5109e221549808ae38758804501ca3fc0697050e0329539ed932d32f1c56324cded92c07c2d60678e8f2ba9c540798ebbde31177e86a4d5952d4c018a1c1af9fa590a10dda98b17f068d5d9b7668e19fb8ae470841b299ad862b6f12cb57679f0538eca5145e6d27a7a8a8330df4b53240737ccc8520c86a628232a67e7bd46f76fba7ce12ce393994e8cf430867408678d1a5a9c87a98af17e63a0ac09ce2e96d03992fbc73e5080f0f3804cb9cf470a8ce895dac976abf49974d4686f87192efa0513ae0e25cfa90f04351958216f97e3efdabe9e8258e5140317ff36c7f8225a3bf959045c166d697d65080d54501403b433256ce47be4abd80ac324c645fd57a27fc7359dfa2df42d9e3d41f5b02bfc32229ddd3630410c51e60941a9001a46871070eba95d78a7c942571185308775a97a3a091378b331327b40e564390c43cd6b2bec20a7ce2a627ba838cfbff082db35197f4aa0dd960521e045ae2f20621fb4ee98051a3c40561002834e59d566b7430cfd9896106ca98d3d05b8cbdf4fd8b13a13eb414bf1c2a66a09c185d60553417b839ae2ed11b14a4ccb41d35e9d1ba5d113f4366aeb9c157cf9a30c90693eafc5531c0c178a9fc26ffecffd8670e6d746d8d30aa96e72440759f74bd2306c1fa3d8832ae39136fb470b3fbbf9f47b4570d07c4b1fdd1ef8da2d7e9393071204b71f023559c6d59c04e3804209f573dbff9766e428d1e232bbdd58664b41346196c68a9750337a418a86fe06c1991a1d64c563ca5e068bc78b807910338bb4d42797f01c939761597f9b832694d4c3815126c4bb406b3e7cd5447f7a76fd7008806721e7285b298cde5b3d0c973ed8d7b63b08354f3688c4e4e8c52c207d7d5b8c3b59307fdacf7b2db12ec4bd5ca1caba8731ae30af8750c2d28720ea3c1f8c2b124ec8468b67314c2013d215b770344767486cef2522ee03547cfb970a404a874799de6d3dae4c924142cf245a1d7f703640258597cbc50037072712f964cf5d89ef2ed4b7fd2c810847ffa5fa85bce38211ed78fe91938b90f84a51944b08d5ad77e68596c15c53c2a33ad143739902d2ef248c04979d6b3a7b283ec3dc32cca1271a7029c9df08643b631b02cf9e116731309c4bb223491a9f67eac5214fb2e6b620aedfa4cf153467265629501dd610aae0fede9a4d278e2f9a171e62fc76b9bd5ee6fe55aaeb673025dbcb8f939c189d4402dc03d3b7318bbac10203034abe2eacaff46787bfeefcaa24cf35264c7133b3752e52bae42230364cb720f81f752edc4a5890adc59cec82cb60f8af691b0169350cd35566c47ba83c6ec1d6f8294b5bde6de888ddf9cde6748ad2523d15812f92450ccaf17275500841c70924af5c150afbfbcef941def203e85cf40bc687fd5c7e0142dfb2da70e5083b3c6a7df83971673de5c8e71ca1e2645718dad0d352b4d3a317e3eae221199fdb496516dfe08eda761bd321f8a9b239f6f4ec3907edb0aa6986220dbffb79a788596eeaac61539fd1fb209b44b9f9d0d8d28ac040a99f23e8960763e680041c601acab85ae750ad1dbdc5c2703bcfe97e77152c12706a7c6e8d6476c3d2b6ae0042a82c3d377d10b13f8b39bf1218a60fe77b112e086066892a311b752673a28583d3fb6d67a24906e8a8541291882f81d31cac5658c711ba9170700fc7d3ee3f63e40f87522788a2be2d171666752f97ddebbddcb155487b88aaa80aed158006bdbdf544a4f59f691574154a60b8539ebf914528aecdf9cf67e516dfd5eaa675ccfd9ae3539867aaeec609a4260c6feb725f4d15426b9c324676610fbb01360473ed8a64bd53139f71961c5c31a9af03d775e032dd17b77fab7d51a476c5ff2b5659c38811c5285e34e2e3319ab7d9f2cfa5b88e1ce84f9feef5a08d0df0334c534680e1ebad68af7f0ae4830b7ac92bc3c6fd309cd6396e744600c943fada20f686aac45088df2e8d3cd2d8fbafceb920878c57abe86de4e516e12dfa386053fbfe20613239e122094abb4ef998c01d16958326fb04c3abf030fe3f4e341f39b573f504c296f8eb5fd521e744da4e8371f281e3b21cb226c39b6aa4634f820b372f34ad13f04ef4373992c9d3046200aa3508deb8d1dd92840f975b6931ab3a3c61e2067e2650cd701ae71c68080f9dbbdc12131f8ecf18db66a758f718dc729e00e4ea83d951990d8bf07a68ec3e50f9156485843481a7edacbfce101ecb1e4d2a8a87d27f712df362cd22c7a8ef823e987d54ce9de9df77c579775a7b6b1a4bdc095177e528f8d6c7c28a5473fd5a471b68a50bae297807da9e97722a0b3fd8f27f8037f94e53f17a2cc301033ca86d278f0eaf559f89ca17022783964ebe9cdfdf4334c131c781e2a6f0a5e34814c8147ac73001b1d44f4925449ce09d9f5d5ca073b00ab99487b74b63c9a6d2b962ddca4d92e2cd541fca87e4620aba658316dc91e3483cf4f90057d02aa492d2b25b13f7bcd0b3ea822683bba8fc530f151bdbfbb56bee68d99affaa64f189045d5f279514e888b8f2acacc68738d0cbb803e9c8661befae6dbcd08304dbf4dcaf0db2b323d6eb28422cef49b266557dd31ad52b738b303d90a884137546353e09ebbb58ac8403eb9cf17fae1dcd16df71fdefd8c07a31f8a85910ad8476f5f7efb27f507783927f2ec2737ba40afbd17efb5706608cfdbcc1886bb7eea5513f90133cc9657884708170e160c8372d92f353560a70bb05b08d6cd95deb3bdb750dce8a495eebbfa243b79c5b9b224c482d0c2c819904dde95535c60452b16c1c494f6c1d0f19c3f827daf0edd3e69c3b195a972b386224056bf940cd5b01341f65e9d9ddb9dd5d8aee9a76bf217a2a3c54833946e3ece1fc8b24bd656449d88eca941b98249b38337c5088bbc660d8f872d6a645e6bfdd05d1a69c5e47b20f0a91d463a30be93eb45566a90f4e95ee72a089a980a875ff6ef9c2d75e74307cbf5d205cfcce0621b49c983991ead4c3d4d3b6bca3ec598002d2e7662e2ef4bdd58278b7a430339c10c642c4b2251756fd1b484d5d7f5bba709f5cbbe1f74977096feb342cd63cb189c30ed03e42ce2c069566c7a4bf9ba2bd774068ad50351fb898076fa84632d742f2729dc32ce8cb5d497337371364b3d72ac9a3ed8638e6f0be2c963bfd6e8f26d1d3537f4c5038264ef368217bb4e7fa0541e0f5e04fea764ab916fab6e3aa34248ec1e34a4aeedecddc8f24ad6f72d6cc4cb51464f2b29ab69d30e9d935f7e3f2b502450c049ddbc7c92b848edae25876384476f8970b849116016fc18d787294ad5171100e33d05d4e2d7aab42e6b85c49c0f1d3a115e939c74c4b43ae017af4001c5193d310bf009422b7b82a7ec6de40781fd6ef338b4189269386f6bb1dfed68692a24c8686939b9bdd8817990ef209f0fb6b049f2d2ea0c334467d41d5cf21e234465a1530ba64709060616068d2b9544dc33f2fbe4ce2dc46482dd5d39742f0bfd417b492d0e8e62dad6e273d32235ae02b7d321578ee88ce5d989374d216a867cdc8871484b432c758933af02c0b301906f2819ae1268831b1ac54cc8db480e3babac5fa2256b8a1d694707eb0fefe65871369074926d36ed197b3f31618fdbadb3df86f804bd3cfbdf468f0a03187f6cee51a25e5e9af7cfdde9db36af8e0d9a6d123d5c385ea4351b79d9ea3d842efa89fae5d02b243ce6d3c8830d27ec2e6a1936ecbaa514936824c0191953647ec609b4f49bc964dba132f6ab6a3e3d17a8d59e82105f4c20b02dc95171540bc52912baf3aa709de94fe9ac8dc10dd8b9a239e6abee2848ac8cd1808dc30460a81cab1b0e6652fa2996962656838a97af4c5f926fe6f1b00a2a51dac6138826127f093500461d91b0ab42fcb7133122b38521d13da7120b2be9bd7a3434f7038ca27d1918de58bd331316d4efb44682092a006307b9ae3a59a3adea76fadcb6dd9e54c96fc155d198bd65207ee83bfd17ebb0db971eddf9a4fa7175d4757e45eac71a8487751f632de7cf2043693db2ee898479a6e445297ba0691b7777b6581397456412a41390f471223d1a1614b58a7dc45c9d01df19acf06cdd9c744f969958e1f085554c8b14491b756b3a51daac41c2486328554921c5bba1dd6aed9ab48c2b34c1a0adde3083202a936b7d0ef8b680d7ae73fa1a38a77aa456fc813af07bb428f2363c8d0655f117444fc1911ab9c6f6b01390511a04f965818a8533f5613003c7db243d333cb763facc6ce398ff83845f224d6269f268fb2ba1068615b3219c6e8f57e8b7ee0d0d4d5ef995aae0fc691e6d840d0b6ace9e8971cf36f1782aa982a708db0987b8b338d6c90bbedd8631bc4992218b9e7ab295e87570551db122a04c6f7cd2cd33e9c0236a8c2d8bd3fa91ad3acfca793d8b79c1b6665cf109d6077a8277a36b598abb934e4528412e5a2127b9310cd6a652ed1f7811192db1f700c8f0e797108695bd93b6be52fa0334874c872282b0639a82d0cc70b8f5830fd2b0686875df63609809c7a2052fdffe5c00a84e8d9766a69b764fefc12f56739424d13639cd7b469beae7c617c73e0d008195ef664dd858db942cad06f24ff25df567168a1ee9f2b7abe6e88d1a479ab6a42c5eb445e314138101eecc58503e98aa2b2d07f75d9144912970de5a09f5a305e10c0e7e05fa1026b0c5459267608ae320b8165a59f7cf3b5c4396ba65953d679f17dda99de58ff020cfb57fec1404c97003900c563bfd2c48c16701acca83ad858a285da2198b2b496c9d447cc4ac6b073437d0b499fb84a552c17fcbb1442d78950084ae4bc24c0795d1e6a4f58444d39b6c349155b122aa8ad5c877007e05f24f9b9b05072dd20d1cc3e54607b84c889b14e422f05b68cc0139988e128ee880dfa9b4ec2eb4ab7b1b9c3392bb5388119d2e2c080d5490760af59d0baf5acbb84e88855547570f7ff053fff7c54e5148ccf2bff080785c76aa81dbaffce7dea0ad6e16656a6ee1de7232164767ccfa792029ddbdb402491a6aa97964a8139a13560668e20b3c9e9185b04b3d2a9dc8fa2d2517756c5a9be6ac007fe9bb7fb92611131f383b434fdf48079bff1e44e2d9a531ca0ca71184bbdb3de7b20a51e88e904a11654ad1e1e48352252859ff3032a0621fbd17da27241c58015eabe4164a528643c8e2107ba86c47371e037059c4b78ed36a8485e30937b99c0d247e9c3832dbb422937d7ff56e049d61da730b3e116463c88460bd63bbe256e495c63aa40b477b02d99dd6c00c5ba852bb9a9e1f6ce8a642ed6a9ad20fb159472950db3d65828752f77ada1b8badf688bb8be59f9d818de4d2ec21cfcb149ced7a5bed25ab5c80985bd40b8ce792f8c786bb23fe54384babc3e7faa44cf1ca671b74499c3b57f04bb2975420e3b4c73920c687cad7e945de21a1bb5714a0bc8a897ed32e9f7fcc48d22804dbbe9b66b607d51389d491d0dbfd38d950cb716c4dd26c5da08a898dd88cca7b2f65461bc491dacb9b25c6b8c8d762da15fa8dbbdfb6baf9e260be1bc7997695495f756312886f56611032fdab6559cdfa4f167f8c31b9199643dab49080d80c724aad5ebf158d63df41734e6bfcd358e25ac1db0a4241b9565120125fd9b2d43e340a35fb0278da235dc6f798b844366ccd65d99bc7f31e0e022fd0fd3efa7c4cfb034317b21f3c2d9390f1f4972d133619a60c30f3559ec0c530192e936ba11d0a202097fed8f44b2d63a7769efbcc83107e5e385ccc6429def6d9e459b9fbf6dd26c4f7d621adec1d1fffeb2192215ea34ce0aab63650534a471c50ad1a156d7256eddfd747d77931d594b1a945b5d645e59e21f88bd2d83b4a533591763dfa743a13affab1a85793643de7cf7ba769c7466ccbc4adfd7face846fb8a4f365ca8e84393d4f34e1b0773640de25b7d656733ce2f808a330f183d324c2883882b15fa8fbe8f025a3a9971a5c0514ab83382d98154e5a5f9d81307211688a0869d995947a8fb11b215d65d2c2cee8ab0b9a36bd1ed7196bd6c4a5421e013565f7f1afa0cfe8ad87a99ab4500e4037738e13c0c18db508e18d483caa202034f268232c26fac9435f54e152d2c8394e31101a261abf1784302bf7584c2d4860a0fc27bcf854c444fb8b40072007983849f4fcb0ad565439834756ba91af177d3016ca20e5fc949836a894a14c879f3f5d8ed93a09f6090d77c2cc35b970a1d9be0fd100063fd6cd688b73e61f2585b0ebcf1f532c4d1ec9a7d51aac2f32522a84d5e6357e6abac087f1b0bf34185c4ca5d58e781d4f14173d41e5d4fa91c19016cb1f807ea47b5a959d5187de32147a4f1055bed9e4faf3485a84db2004314aa49d95302179246148e0326586f9b4035e5997f77635b13cc04984c12092a75caa75e4644fd2869f0b6c45a758be1f9f7a7efac938ed8bd97c0e1cb09ba3f0df1447f40e98674ba9d62c7475b4a2146246bc3a3a941f32225bbb7922e1b24a664f5e9c18f407b2f9c73e821c5bbd980e5ab2c17413ec02bd757a9e586a1793f65aeef4aeef4b479fc9b2bca703957b6dd9e3a7980e040bee50ded65de7f47e09c8e05e6021ababdf6bc58e766121d1f782d29b62a286909165517bcf356355c1634839cf42769e7f30905a35abdf8b8520b71f3a528c7547ee92428473447ac58e1cd7e96172575f48dca3bdef7924e3199be5e18060bb3e1d547a7e1fc9c082df6cfff8cbcfff2b5a722efe3ea33961a7c5b1ec04d6c97aa3b537913d63838ef1fb6f34ca2dc6821c60e4956503192b14190d3826780d47c0d3bf37e8d7e5ccbddfd9576be61e3ab86aa739edda0fd4d983bf975935cfd492fd50b73c03186765e199c116224b68adc5fa051e6d6e679953c6311757004d8cbbba9797134c3e42371bb4979a462eb2f042a606555cf42a6719782a952aa33cfa2cb2a2717956118b4d223ceca17ce3865e2322f62469c5e3c7dc3e58f5a4d1ea399ca851e9f71b25d2d588b7e0d4de3d62773fed7fd472e502d8908794430511f4d735143e9ff8c47def504f1ba0442df982974788b53f73e7950e8aa49f3a306db99be9f83741d1275639df2c1e4d0072fe91068fff3d7fa1594dfdf3b4308433ad38ee19a4815c4aeba48227913092a6eddcbe25988981920c872c1787382f04d6d6968d87c240c699190e2d8c029fa9db071cfa81605a94ad80cfa2bbc7474486950aa02ae8613af620668146dd11840e8e0dd181e4ee545195120626098bfba3fb04953d95a94367bb133f862402bceb7fede84c2be02ccb9c77107956560ebcb953f6ca5923f7517125db46ed1293d966b6dfb6b0819cc10644bea3115cf20dfeb9598fbfb97cc6bbcc0aff2c785d6ab4f2b5fd96ca65349119909c1eada2d944a5ae3483ed5c1e10bbccb7942a279c7b90b0fc23725f299b47c5224e6ec0d1b318124e37af6d74a03501474f44ea172f67e70f6b7cdc4cc893edaddf0c4c66c91724b896cdcf48285039ab05b3aaf0060ef47b12160b9198302ebdb144dcfba036d228858d76fb89189853a5503bd6dbd2699e8e7ec0047de2d5d1b28a75b8485ae387a981d783f8764e508151cd90a348ede8ac3768875037baca5de6e267535bbb91c8fde347ad861f293126633fd9dcf1d146272bb05c490d790b6da523ea2db50e62ceefceaf70a9d9a56a6f4e2065cb56f5533494522c46a72f1dfb0d494020ff8ec181ef98ed97ac3f25453d2350a54d774001d6078e326b448887887f7ee4fdb57bdfd52179947211b7ebb73231e53eeef362c814c8522f52572862a3d6d6cc4b5e77238c1fc1bb6cdd681e0126439e08ddfbdf4faa952dc9105900e7c7d6c41c76b9ee6445ae01cc0181d7d2be41b1bde6ff8fe45150c37488ebb0141a8aedb1b53970fac7c81dac79fbe15e122e839dfdaa7ce969536f94aecf69a85c12a21b76392747906fc7b2aff920dbb3fb9a5cd1d5f8a9075b5bb8070aa0ffaca95e3e5242ba1097ad8a9a6e95d7288251b27c8f0e73f4d7f483b06a7855fef3eff51dc719c4a9f565a742d78f2cf1cf43cba274ae7f413e864682b80f8b5b0db7f3a77ca4fcf9eca57aa7181ca5401acfe633e6817b508b84d236867431fd7b875d3473501d1b771ebe934ca596c0958d82a830a02c0718147b1b565c198afdcc1ebd85daa0f1749c5e56b9d8cee14c41e92ec5c97b54cf9b74e25bd99939314105ce8701e67489642ef4d49e8a9de093d0622ed782d267fa3f1953228da9e6a4a4aeca98588e4dd77ceb376950e4f5cc9f4f3f7f1651a6b9f9214e5b1b87470782489389f344c4fa4ceb5260cead81fe8cfe9fda9e4c2093e17e4d0249bdb8b1faffa4b3d41779bb495d79fb930a0b73609456022ae729282fd9753d4e52ad5c9f751f599492b4f087ed7ecfcafab3e9707435d6b0888b566d7ad3ff85a9d8bf5b7a4b35f3110dde8673bdda2aa97d584861474f4097cf13ccb5325dab99d193b66a6542917d2b7bee52c2574291d43c696d8c3704cdbe0a72ade5f6c416849da96fb73bee793e2bf65ae43ac1458e7509aa5f47ecfb92536e7dd1dc7142c65e00f4f7cf2e6c4c996e34005df8844c5f00372df2c3c4ee857c2451b45c5f5c23be1b71adb51ea9dc8e9d444a88487e01fbaf43e758c17f86472cbf3e6196f5641aa9dc87067da4ff90fd81e7b147ebe637038ca50a1265abac8dea18106ee4c5c93a9957c9b1bb3bd89e800c8a8166da05c5a094f7dc03724b41886e5e6ba70fc093b4ce912d769ede1ceeba850cf0763d8eb871776d4f28b39deb564db98dc0dbafde48e8f74c0de001d35e4018dd1e07a2de4a08e6612341bf2323eabdeb6f575ac5c6676b747bca8d09cc27c220a2091c26a7f5e9f1cfb099511e3e250c59336b505ed411d455abaa30b4d69b09198d4248b8f24494f27a01367b922b1cd168ec628442b3d4dc00fca434b656f0dbf9392657eed7feefc486781fb51da85a3c3dfa1f360b48852b64218b2285a25c17f351708754cdb6d56f3962ef11bec1411101c743f64df596773d0b20ae1dd3954ee840075de1395771b6c9c414a7497190eaef6b5d75d5a6a11afcfebf12cb74e96e67e63783d93c534ef27d04d42cdf14579cd294e5079e074541105edf455cb266ccb3ea3ac2715f87326e6e713296627dff6475085cc6a2244646346dc723395e1ee8ef57f4883be4cb4dccab9bd9e0b69c49302025efdf197025481b2f34a74e427a2818014b8e103b077c493ec14246d748db3ee8fce0092db43b52842663fa6e4100c72751d08de6ff8f5161cf94df05793592f5fab95138b842424a1d0595b76ec4fa03c46e8d7558baca01b732cf56f7ce83df2165143631b9f38268c50805669fd8caf8f3cc84ac9f06bc7b46d0247a91c8fc665c13d0e3f647cadf56541fb9513cb63ec3701873e77a14629775492504515dc4b23deda252a3dbaeb32e7690242ad3b556e626b0d441de75945e5acbc865406fc9a2559630b7d8dd49a0bab667498f287d68c1667606d48e361ce176ca71fd54fcf42869d684c589d67031a627ad33d59db65e569eba34671b3ef1ef38ee85caae6b2a1565767eb96d87d0d3af8dfb332c2003f2668a7105966cae6e23901495176b8f9224e5e49814ca908e58c02e28a0462c1aba53da2f6340a8b89dc96d09d0d0430c2964caac096f26db222cb325aa267cba385d7d1e52d89d1a445faa37f5b5307da6ea77475918a3d83c7e49223d453cc9001ca429212011f4a4fda6c778cc31869f357fcc8e6d119f3d95f33cedb5915cdd0500dc0ef6682fa6ec6d2e6b577c4dce8af15f064d1accb98887a21029b08c0e8517b1fe0b5270f3f41d4b56d611852c409f1571f500e28f490a302a12540b89c30965ebc74912de879f22da62dbf6a450490f238b4ddff085d66a916a206e7e69cdf28f8ce6b69b4e1853ee21bab8d7628dd7a710c8638dbd22d4421ee4662e7f2e090fe150ef8deb4466fdc81b3228b25587479f2fc7570428e8bcbabdc6a8018b3a00b69c008601b8becae392bc254e7753095807e1cca159e48eceb21a05d886123a54de3ca4b0985b718fb9b774b0e07753b0b94d1a1c5b0543b5fe1967990de5b3eac7b87d49a13c683497860a0575ee6ce460e1d86c0e9d281c4f1649a066d415bdda4ce2a7088292645e0f95ec3de395b4bce25b39ef6138da8714cf33e18ede11b79827bc78b7f2075aed87ca511e2a8593c8039ef732f5bffedc4fa7aecedac73641320d24d5bf3bf386add07cf50424b14fdf649da87843d01d8c9d05ec6e86d5bbad7a2f88a1701d078d69f40906679a976dc4d45cebffbe6db68512896941514a089c37392f0683b4da9d7b6d119db4d2d564a2197798380820e694038fadbf9b60b834215b46fdb4baf54f36935058bcc696fcef3f4689bc5b270a763686e776039618cc709f3a6856b503e276cc491e7e6e0ac1b9f4b17ecdcd675b3a4cbb5578baf72f255ec215ee0070c40a7c781507b38c59c3eb8d4dd7970532bfa1449085b8f43fc39a7d50ee8b85a85a49346fdff9665312a5cc42bf283c05b601f21364d052ca0ec798d3e524bf740dc8cfd3f49bd3e96daee6e1305f6c705349316360c3ccfe7cfe8471a551829d50f1400b0dab21fdd969c04fd4c2dc64ccb8496e6f1f94c85f30d06398475c83b47075e8897a083e97eb9f0acf922154627f6788918f03c42b123cde2eabaf96372e20a9e3d4b5f83723a61a098b2eb3138551138d127925d092d6748042b1dae4950fef2bd2aafa0b971a1cae82d4350cc23aca7fc9ae38dab38ab895daa408f494ad58006c47a30f51c1fba304f3809ed31d0ad97b5a2b5df2a394f11b55f57612f06fe9638b99f6c66e622c5a901070d1c2ad33e821d071ae97e300d1539c3b6aa1793b5678b857732cf7ae11af20803185120e83d3ce4fb4ed78a057268a74a5f1201285aa667585e15d0aa518d4d3bfc721aa0b8ab4ef32269b5a1d925221b37e2e399f7b319038ba00d8080853a54f8985276b0130266a657cff02a74da64d145a4aed3a577a106ab49c0fa7f96aa0a5fb95c62909d5190a645cef8e5b9570959bd9feaacae2bf38dc203e4a1bdef9372cb9864bfc9b511cce1021d43911ca2c1845910d84f40aeae2da6cc4a5d3a7ee43c1b3af99267ed17cf88118aa2ba88de549d08038ae76606310cc7ca5a76a446f85c1a0d641ba96d14678db82874f1456031fcc05a3afaf6a22d33b4a00c165507a61f3bed4b514930a237d18c50f563cba4531f1db44acf07845cd9aefa6cde3f8926d25138a3a29627c45df543c816a3ddf2d8ea686a99e761813f83dfc86fa1c6e0da5510c3b82b346a0aa375a07f5a90a344a61416c4ddf9029977a61241841edeae15e9b53fb67fb3360ae5597d85a005153451dd4e6915849303a3fe93657587cb9c469f001ea97de85eb634d580161c603422437ff095cedd23b99f1696fc8caecbcf257e1d2a48c55f6f10010887cc7d849469a1e1228be46de6a0234ac22ded31417bc777ec6f21c85b637cc42bb997841e11a654ebdfbbfe6c31c39aaba9a1ee83860af3c89b7be367aa4246f90aa007efe525740a02d0786a4239a62076f650cd26daf35fd567065af297ae65b621e0a21ae9845f3cb43a07259b2e4724dfa5c5c0d111338326597d14a1f7c745853f4d50a871d7232b9fed020ca23729017873089e2151b4c76b4dcb048d06a5c32942b6f674791edf1f8e8b8289a50677376308742122c699d5e3d2fa6690771845bd79049426c311e76888b3b2368150cd05f362898aef0932f6aaecda27aba8e9903991acb5d1120b8a0b8d3d97905ba9a72dc4c90e274d55309db944076afb3ff9c39155a0df4b5a1786cd13a7a8de759859d4dc727151e5d55dde1e950767cf861ca56754e06e46dfa419d5afe3c9781cecadd880067f879409df09ac50ba315707aa39ea40e164f970c54b0530436d5a9f7a781397bc0630d47ab531ea850bddcf638abfe8ac9ec214d68541fcb888c0b4c3882735cbdfd9f810814d17892ae50023f23d125da1e29e34c552f448610ff25f4b26dc4663ccf960c8538d595d0a1d3aaf1b5754061ebbd4412adfb34c8d353495c9d994f8d75d4d60f8bb8f259023390b105cf1504c4e241fcc6d519ea962fb943aa0fcda4ee2901a7de9321663b114a18630ab1c3b9f14454cf70dc7114834f92586a25bb3145facd64ab20fd554ffb181eaa49f5924e16c772dcb718fcd0fa928731e103dfc64c0027fa84709689e7d2a383e54274888b4b73b97e1aaa4919308b0d6e5898366a4a986bc33f3d3e72cfa3753d6a524711acb5fce38eeca1a4764f37856fc727f70b666b8d0c4ab7a2ad9e5e943e43cad612a7996c12a879634ffeb359a192eb8174b6854643cc04656db57b4db0a6fcb7f9e0c0b504f64725505712229fb1eb500efadddc0353264aba18772fc70c8cbf79a79f413ef102b87ae6fb631f7c8a627e8e28785d9992d7553e94d39fd4649ff75386a83ed3789e36286b94d3c219f414e0427e5f73aa5d2d2c6e2445eef2bcff6bf0fdf69846c1b32a022c52c0c6255c2a32e580be34f240c945bb72980130446fc2b40fbb8e09d068c869fd3e03fc606ec297fcd00be9e740b84bb48a64dde25061566299467532b81fa223a1b1ec74139a5b8151d129e406957d45fcb6c6f38c2ada7bace9156e6a93212e4482d99c84a639d254b67afa299a4d1d8c52e75dd8a24c3ce534f4172f3101212a2009c74b547b6ddf93594ef7214c4a90790186e255304f8fd1f9fe77ac7060e716f2d42631d156825c0d3802b1dc0d80d8a3c8ccc6ccc068e7c460b491b917d4185ed1f5be97229721acb16b8498f74ba6b6a6873518624168cd8c24ca8f23c562a5600876ca2a550ce7ec3b3cf674f4f1d23e9d30c89426cceee23e7ad9b473ad072d57aaa9b2a522264d52e08cc03e6090bc1ef30b73ccb859d752cb08ef466fc480fba981cfa44a1dc0c398086fee58f9d64e1e47aa4e5863e195b0793297114c668f772c6e2d9ba3db11d259a9db7fb8965bdf25ec850b916738419b15b05e74e1ecb164430bfa820885c72ca35d75619d6a378edea9f7633ef701c8059391708f1c3ddbe9f1f8163ce12dcf1ede17589befd56bb5281a51f72e258ff730035f2a1fb6637f562c20937fb5864ed06ffb59ae5f9b5ed67a956517f19aa289885c43e8db9137fb1b06d3a2d24eb109dddf78374fe5d0ee067e8542a04d734d0cae36d648b3f519e5cd8847be3f7cc1b14e9173908bebb2106aaaccd2766ec67aecbe26459bb828d81f9beb1e831faf6aaec2a5cecaf1af293685ac8cadc1be5ac98da9556bc1c8d9e21ce689121e39821d07d04faab32837048df7b8e8d586a55cf3e7054a4c85b30258e130476290221f597c56d351224b62e3d2c4f33a7a1f58bc6c81cacd21e9ccd3bbc2d7ca1bbdc055acf58609e6c2491f9fec9b080c74297a55c392b5f40a4b4affa4f6b27df047d63d66fe4ac56003df07fdae1ab273a967aaa1d355b8bb6cbf22ab286e2ad4900bdf5d6a2e4700927e8e17134dd7083b050476733207ea1092cb13c22d51c22b9035a2b4fe76b009332c513ef44b682e9347822c2e457ac7ba6d33c373fea56b7258003b16c68e5641d77dd5271fca28764612a028d9c8e211a7a84d3d5ce4d80347da11e0c85ed79cae1be0fbae74dafbf8399ee2209cbd74cb35426f3d808325876f45b69dbf128d437661d95291767e7402dfe9699624625d8e31dad7d1c4c83399a6eb62f0c7f6caf1f0ba788cd7953d817724c2b6e201e5bacd665709851b77148e225b33283ddfbd1c4f871159c148d7a010e69be5c151c2a9b76f9ef26d7e0f0d00c9a8973f104c9fba50050eea11d9d075247ccf2b93ce08763fddf54bcb7beb62a2c742119b8d43eafcf353e07d7cb5554170badd7a048049671970976f3e18f21ade3cab070d53bd0d200746fb852a922064a8ce87bdda85cd44f14de9afb864918843569df159ec477451530c4455b2a9e869fc664916bce863561527f06a96f5ff3f87e955fd6b89f8963b6934beb077d6e1aa3d9c6ce672447e1e5d0f1b5207e85e16e74a63567ecb44ade5c87002bb1d944feb0096faa8326192570788b38c1d134306d99c63613fad5b2a140398c0420f3175210f90bfc7ea82901db0ef7452fdeb74a85a4a68465b75c721d45db5d3b335d3d1cd7ef05ec77714a215134914ce73fecc08ee9b0e1a876614ec3178bac690bb330e5e7e3e07867fafc4d32ec824ecb679fd35dcfd0f0894c399590be1ac157297d1a1ff043255bfb18530caaa2916d3891a243c10fede49f9c276f1a2042547f5a44d87da3bc40ee5d0962460641c542dfe6e4fc3deb251d64cf6ed2e436072923bfc3cf47745d704feb489480c82836ed448c41094025b4a872c5341e58521e4e2bd3d4b988cbd17d7365df3c63c6598e9ddd2961e7dfa4d4eb8144a195323660ed2124450caaac2c46b5ed90d3614f463b2d42aba2700556d42740d0e97399278d24e6bbf3a2d5e9c8d3426237968ad196a5085f5ed91e58df8c2cef98cac9d33aad44bb31800130e8c50b5f5e7264477cf9b6b237a0d254cf0324e243a115cbd6f4788924537365be3d6012cd8d5260c8131ca7aeea5d41796d1a0a38ef4b66cb25e92abe4d594acb84147102ae6a786bbf135d3d223cbc0e770b6e8068fee5f49946b3a8f85b1007cd40bb40dba662fae60cd3bcceaa76a82d28730a49e3c3a03ebde64f85c0bacd8a08e2c563c2c394023a07d56ad6b3eb09537a143758ee65fb29d30caa170c0db0ed36c911241d00294e8bb714eee2e83fa475fa6c94460e902005a0b660266190c8bab994697479c5716eda77e8e9713e5f0feb1848290d5a7de9c9ccabc67fefa21191e50fe1e39af2869d3336eaaeebdb43c04c19c2c2474dbf5f7ac4372c5b9af10e57098d0318a954d1443e2974a38facbca382c81484983f2d437f97d1e141f367974233917cea0e42a49a2fb7eb4cf4c24fe9f765a44048868b5a620f05678ea292f1c5874b2be8395ffd75f313937fb5b8c484824d8a06f4f3d570bc42031346d3f6029f6170ebccb28945964d09bfb7d0858d41a6c29b873e4aba411e6d04fcde14913c766cf307c75059e0e89af5cac8e13055d2e4f62b6322254203b293ea9268cb43f55d1d12380fb6ea5bf57265b1e92c585fd4c2159d5f33b5030ff2243be2818a23c980ad664f30f48e5d191c66f4627f1b9679f8db47d1287d7e986e2eec9ca19c076736d19ac5426473afa6ade5aa93b826f8de63c663e1159bf7f26df67e8110ee2b44923db775e3e47f9b2f00f37307f2c2f372acafe55843f3dfa037a53e121ecc9e0926800c3e814e7da18d0326a9f46a4817e19c805819ae7fa215c9efebb3811a7ef584099078999eac167ec1efbe078138397fabba902e494c08f7a144d3cc4cfa661ed1244039c6d6445d97e06d08b60853156601cf586236c78e73f52110ae39e588ba88de0ba3048e47310d6efaa4b1eaf55227bc9242c8938e4cf5777700700e642dc2a8cd4f5a97cf06cf69028997db51d8726d28f550e0ba9e1c4e8bb4a5ed0ac23a952ddc0439caeb74ffc2795571af07a7eab1582967e09f1b30ca2539968da0a174fab9f35816f460ab999cbc168c4da26ff331c0b36aef265d9221af80872ceb62f9d58f855fdcc76daf232aee454c4e59f74c2e5eaae9152079b9e95845750bb9abf269cb7796c3319c9aa4d146b52139e650dd7100bcbd98c41b1179143a2325a47171e95248ff768e1ebee3edde01ea7a5a5eab21ca2a8fef4af5e35709ecca15a6197a578fe7778e8d49a95ac425bcfc533fa796b43291fc61a9e812a50c3fb6c4d2ce3f3ebb5393a77c33c0cd95dc934f8bc5ac1dc2b49434efe9e72f183de8866d90e0921ac7b024b47d672445a086a9df2255ad642b923d95503b9a7958d88e54d6b523b279543ac12a0f7333cd3c70162fe655ec381ac6312ebf026aac542c620a8c232f32aa9e7dcbc90102b253c255c05246a081654a0267cbb725f5a7551cb238f4895024b98d1943b708de7cd35b05a832e2bb91f110d54e34e2da79db346ccb62d491029b590bbbf0f5c4122ed80f6311c1825feb854d78fa969d34ccc81a97c1535f9a631b9db584a264e4834a3bd235bca0caa53141f2ebc304388d9a6e908ed2b731fb96151d9bb94d499854d7afce413aa13cd0a1d39d0bcec5cc58f7abf0b0cf2d5ac95ab60e4f14e90dd1bc593a91620daecf7723d2235624a1c5aff9679455a233086e26b72b9a06df42e2244c97a0d80d565ae8176d335151f3eb940fd73a19119534c063967bff8dcf2420e78a64333a59674678fb283b311abb492a69fe7da41be858fdd2aae85db60c98209913790e4fcce4597ee37c9649dec6196d730c5e024f204477d8d197250eb3250c1fa40a321076d5be217d86098ef82c97fa789a47a8d2e8800794cbfe5681369338a48e2d1b63998099d6c2c2a04512b35d13102459f8784f1a2dfb0650ff38f84d526883336ff5119dc0e8d66338fab3727e34a9179ed8804f645c8e07660e3000f141dda8b83107ed6eee188463935a061dee6df8bf449cb8824175f2ebb265d58c6d8877841d016d08b957d47523c4e92a822cc38703a3bcc337db6bb5f1db992df92a919d20757eecfd5ac6ce504b74460b93610f39e481f74837ba5cd49c7f03caaa423049e66daf4fc848051e4459b8a6afeb210c3664ec1517c8664be296f0d87d9e5fc54fdd609d949c3d8baa0f9df6f22c4661946a61c09f9caf5e08836d4673ccdd69bb041e63154d5661f774fb7d2d11701d466aa2e593c562359c3c2e42a22b808d3383e73341f6f048384ec73a7ba2e77d2db48b576d026223582a390cd323bef4bad0264175a4b46a45813fccf4bd34c779d8171be883eec3231f9fe43c35bd1b4b3bb51bf50aaf147b3b0ddd26a820d2ed394d27b587bbe83aecf9a98c8fe6ab48caccb085c4fa543afe32970749f5e2bcdc6ab85d65c39e12a5515c19fd72b6f4819939539f630a3b94d3ed61ea9d04c9bb0549cbb75927723efba3b4c108ed4a12f34d95d05a4fc4eadbc3b9dde67afdca39859b00aec8885efc83d1541b52a1220d5fc7c9bd1fcb12799f02da8adfa4954fd6525aa8638c1d8d4da535fbb1a5fc809b8f0779badbad3b46d6718ee95a68ffd90e5b6628b4291225cba0bdc643c29597f081d3b1b352e9d1aaa2225dd6bb16943b5fd1ef60d3a4db537af4a4d0c8021340ccf24722f02bbc81b3822ce23d4c4fc28b7093b135c21c7183ac07e928a6d2dc6368837861b42020ee72b08961821597d21403f63da1bb0539592597a52579f69230354b71206fb723c571cce58b679d8bbd776e0bbf3b044306c5be94aeacff1af62d0f91f4be73f4857552d70cc56a022b15250525f8b9bdfc41a13152298f587406c914fad5373bb689300433f8f122d50eba11c3af5607575b277bc613e36f06c66134ad65f532e90d89854570fc5f043205720a49d973d280eb83e7394868456436dbe743e4380554c0493a74c407e263578d03d02c1123aa730b52e5afb0f2dbc6d39b312d7406054cb4c63fa146219c48a4393aace23e8f35312529e1c59be16c852670e3be302e8c303bec36e2ba64f11c9e910e0353e0836d81da21bae82c02d1e2b8168d57cd3fbab7f9fe83f1ea3dd2108188fb7bf8aa5b3cc3810d4a9513b028fc0f2a83cb6d7b5071a8b2ffe0b594a5c1b3c28090384fd7da4f21d00b1992e0b25f463b722dcc6a6df182582740607da754e4515b70e32d2e5c2cb8d13e8fba78d95211440ba326bb702465f3c3141263ddd046c9585b277f278ad602c7f47aa76d1bfc90f20263af8d9c4e238c63fb074b44eb6aed80aeb928fec5932bf2fddd2cc88c038b8ccb6e2d5d50a943a0e0d738377f510116853f900db2608fb3eecb3ee77ba9ef5f600f3c5d0c3666eec8cd311bec6d87891586c51678350f656dcc7f490a43946ee5bf5cd8b2509011b9502a72296edc14a0806d926414ce19d907700e23177ab4ffac52c626afc10d4075708ac4c778ddfc24e01830d213d75deb99c22b9cd91ddd6f611188ad4a81ffc2edab83b0705d76f51238cd02c93b89d8fbee5667d077fcdd50e4d9c47cdf72d24e89d248edb35bdb9ad56c71619aeed9723314d145603743d762ca733a839226415450b0dbf9d2b607ba543ad05417b8507ee86c54fcb70cbed40c0d920b94126eaf5e707be1f5f81dee42585b3814de199b2e88757f5c11bcd3c1d43688891ed23f5677a174eacba0a4ee5ccd02fda0fe3f9a3e7b89fef2e84d98d6dc0c7acd56b40509355666678004486c119599ed7d199f47da043a9a32ff36c65e8ba30915a21b7bd765064f5a9bf135f285358a4a74b08f8121f82ba3c4b9390cc43edb94e42144729d337d571e5c15bad5ef8c4352ce7a1d9e78a8badd37c221a3f19d9ad0ac2196849aa58616464d14208b2677a084f5d7456f9425be43ba92c2b4454ca7bf602efad81bda4c789c38754f639a376716c5859fa0443c8c8c3372d662e9173c18faaa2c5e4450dc93010bbeea7cd28eba2968507059b7dea43da04fd342088d7c1698f00c2f66f43752d47fb49abeea0badf47a540393ae7f8b7a7fd6cdf47250b056794f9c76cf97f84048c5990dd4ef842ea2bbbe7ef28a0018c4484eaa8b2d0a03286516c28727509c3db6280ae16254e9167612936dcc85282c6fa4dd9d4ffe57f1dfbd282c18300fa0eccceea6c5fac41f0de5d1a081a3095d62b416e44e055e7ac12d1f7cc7c4b41a125b5752d1238b03adf8d7f8c53c8688e63a02bfb3055497d464b5ac99e74462f321c06ccacc4bff43e04dd08bb1305428b0c9c8d8a2660aabec16f483abb4f1810ca029aadf844674306eef5860833e2e47ff169a73b45b9cf742e94f29f454ac42ff68f37d5cc41bd69c7df3112fb9a584fbd9edfc6c90ffc58105bf6f8a91aba0fa2d99e6f106254ed7d2de3b23ab10936522dd547b783ce83f544dbe69bb4fb19211fc442c2ff8eb278a8bce873ef365b45e939da38af23b3df742bb9fbf6bbf30a05150ac19671d8d05d795091118b1344f715307c4ab8df9f7733db5611fd53748f1db282e21b5680d80f75a616096f2e791affac6cb5f984421c93f1efb42b53a43f83c3a6693a7aacb8a2e74c6f5fe91bc39864bb14680dec683e744ada1f2fe08614086bd3ef5c19067fe179f71c8b86ea4b39bfbfe5ba2ce3309f522c335e9494356121cdf14d1e3699d61d237cf76ce1c2dca587524833eaf98eb779a387e33768c6af04cd7399b2b0128970efb6d20b5c551621c090c3a61c6809130675a63897a0f455cb2657aaa59e32fad80cb0b65b9dc7fc63ff01769c4fa7d9279e97e3078291192265fb31ab52a6332c561ee6e5258aec851e565646f6835e915293381e20ad5ff135377d39f1de7372c95c74dd9624e477793df9bdde030226dcd3a262a4a31b91e3a8737fd8dd3d4b0c8c679049b1625abb8e458a79765c62009235e9d5bc952ce98517ac529c60744ac28364b03ac4e7a4f341e7281b0f6f274f9ec3905a09e75c5c86a7bf6582d2b4d75aad615015e31933548461020e2ba448e85995e084a8a9aa8cced9175bd07bc44998e753be0214185d6177a9aa6adea5a720b093cc578f087ea520aefaaf92c802c1a34c0c783b5fc0d7d808f1d14a6e9c8280d7f5fc754c7af0a6370c9bf91314e79f44f81b1d964419548f01ca35bbaeeda755b5e6cc50cefa5e9f1f5ca272b136475d360a502598a4b64b936683b44a5523a56577889b3c1cd083b6d7b32d32f99d51cd73be1e256a7405516501e94e892acca4b33532855080dfa79cf8a925d146dda0b566359c3862f20b5072c3d49bd0fd3f5d4de09ea19461dab00590df91e4f8fb134f258b1f7865a6ab2d935a897c9df5354693177e83e8ba089e94b7b6b55ee0e95249268b86ff2053bef214bfeda354ac345fd8c6d7ef634d9a8e3d47b83e366d105cfd734677897aaccf51e97a35901fe6483310c89c35b54455f2a555789a4779d3836ea432f7ea074e522a17e385822e359afa26d52b5b286226f2cea3e33b970f21d2fc65096871ea0d2c6e490525e70b7842930586545c6f1c9310c9565f1cd832c9675c76672081c8193425487e79fa0ccd0b79e5d4a4c8ced005d8d6a06b2f1208b59454a9a749928b0c09529fbba677729d3206b3b9073d1e9ca4b04b0dcd2ade339a3d7ce13252a29d48133415ea4647b6345849fb38311cf3275806e8a1c04cad241934a374c1359c0ab2481c9f93d0ed3033a3281d865ccb2f3a3a63a79eb1831b0a2776bfd20d838a76da37101dffabe00e5d636c01719b67d97667a3e056acab9aaf653807b4a038430b32b5bac908e765df8813d4405c55463b514e21fbd3fec3772fba142a46ea19883fca95d0e5ec7ee6c94c6c32028e951ccd95572a67138f4572c1c7d7ee823755432da68528f115c9633c0d7834ffb4c48608ce8825b558ccf07169a3421d01eeca8b24321cd2fe89dd85b9beb51fa8dbbcb682699544e4e8f2212115f7327669f3f141da48bfe5e6b7aa37c38f9350a3797caea1668d227c8cbe52c793e0f9cafd014db7a619ddb4276af0d692ce3b21256183cf7c2c7a66be163579d37a3147b88259a8e5745ebd59394aee83eec0f40c389aeef789ce03eb814facc6cad68473a64305626a27c32a5408552d79c9f1366edbae758a3bb56eca4388b643b9be7e15b46c42911f39a4a9e861022486c825db2f776da72d0b7a791f45b8f02bf86214e264535e3412283e817deaae1b90346c92331860b1391257a106bb17ac71d433f282034e088473244df8c02fc76150735dde1d2d860aeb77ee2009e46123e470d3226911c48df4e9867b9dbd2a2c1da2acde3ed27003dba9c3c1ccc73c14008d55c730e10bb9412a5be1a16be93cca187e923aabc702667ba5f0d06ae31ee951b4d4bfb5518e0fcdc064a8306f2e099b4f87109d52e15d7c05f008477340c2e00e9e6ad1b2784dad06291ea101951fe7ebe7bd8c77d14f75746b4bc64c53a52cb3bd1a01c03a64db985c0cc3983e1512aa570c564fab522bdb3efa5f7efa4f864ae9b88d43527f4b14f750f
\.


--
-- Data for Name: bookings; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.bookings (id, room, during) FROM stdin;
1	Blue	["2024-03-01 09:00:00+00","2024-03-01 10:00:00+00")
2	Red	["2024-03-01 10:00:00+00","2024-03-01 11:00:00+00")
\.


--
-- Data for Name: cache_entries; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.cache_entries (key, value, expires_at) FROM stdin;
k1	{"v": 1}	2030-01-01 00:00:00+00
k2	\N	\N
\.


--
-- Data for Name: documents; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.documents (id, body, raw, matrix, words, notes, search, xml_value, net, mac, day, at_time, ranges, periods, days, spread, addresses) FROM stdin;
1	{"a": 1, "b": [1, 2, {"c": null}], "num": 15000000000, "nested": {"deep": {"deeper": [true, false]}}, "unicode": "üé"}	{"kept":   "as written",  "dup": 1, "dup": 2}	{{1,2,3},{4,NULL,6}}	{"NULL",NULL,"null","line\nbreak","tab\there"}	back\\slash and \\. and \r carriage	'brown':3 'dog':9 'fox':4 'jump':5 'lazi':8 'quick':2	<doc><p class="x">Hello &amp; goodbye</p></doc>	192.168.0.1/24	08:00:2b:01:02:03	2024-02-29	23:59:59.999999+05:30	[1,10)	["2024-01-01 00:00:00+00","2024-12-31 23:59:00+00")	{[2024-01-01,2024-01-10),[2024-02-01,2024-02-05)}	[1.5,2.5]	{"(a,b,c,\\"(0,0)\\")",NULL}
2	[]	null	{}	{}		\N	\N	::1	\N	infinity	\N	empty	(,)	{}	(,)	{}
3	"just a string"	\N	\N	\N	\N	\N	\N	\N	\N	-infinity	\N	\N	\N	\N	\N	\N
\.


--
-- Data for Name: invoices; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.invoices (number, person_id, amount, issued) FROM stdin;
1000	1	13.75	2023-12-26
1007	2	26.25	2023-12-26
1014	4	51.25	2023-12-26
1021	3	38.75	2023-12-26
1028	1	15.00	2023-12-27
1035	2	27.50	2023-12-27
1042	4	52.50	2023-12-27
1049	3	40.00	2023-12-27
1056	1	16.25	2023-12-28
1063	2	28.75	2023-12-28
1070	4	53.75	2023-12-28
1077	3	41.25	2023-12-28
1084	1	17.50	2023-12-29
1091	2	30.00	2023-12-29
1098	4	55.00	2023-12-29
1105	3	42.50	2023-12-29
1112	1	18.75	2023-12-30
1119	2	31.25	2023-12-30
1126	4	56.25	2023-12-30
1133	3	43.75	2023-12-30
\.


--
-- Data for Name: measurements_2023; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.measurements_2023 (sensor_id, taken_at, value) FROM stdin;
1	2023-06-01 00:00:00+00	0
1	2023-06-04 00:00:00+00	0.8414709848078965
1	2023-06-07 00:00:00+00	0.9092974268256817
1	2023-06-10 00:00:00+00	0.1411200080598672
1	2023-06-13 00:00:00+00	-0.7568024953079282
1	2023-06-16 00:00:00+00	-0.9589242746631385
1	2023-06-19 00:00:00+00	-0.27941549819892586
1	2023-06-22 00:00:00+00	0.6569865987187891
1	2023-06-25 00:00:00+00	0.9893582466233818
1	2023-06-28 00:00:00+00	0.4121184852417566
1	2023-07-01 00:00:00+00	-0.5440211108893698
1	2023-07-04 00:00:00+00	-0.9999902065507035
1	2023-07-07 00:00:00+00	-0.5365729180004349
1	2023-07-10 00:00:00+00	0.4201670368266409
1	2023-07-13 00:00:00+00	0.9906073556948704
1	2023-07-16 00:00:00+00	0.6502878401571168
1	2023-07-19 00:00:00+00	-0.2879033166650653
1	2023-07-22 00:00:00+00	-0.9613974918795568
1	2023-07-25 00:00:00+00	-0.750987246771676
1	2023-07-28 00:00:00+00	0.14987720966295234
1	2023-07-31 00:00:00+00	0.9129452507276277
1	2023-08-03 00:00:00+00	0.8366556385360561
1	2023-08-06 00:00:00+00	-0.008851309290403876
1	2023-08-09 00:00:00+00	-0.8462204041751706
1	2023-08-12 00:00:00+00	-0.9055783620066239
1	2023-08-15 00:00:00+00	-0.13235175009777303
1	2023-08-18 00:00:00+00	0.7625584504796027
1	2023-08-21 00:00:00+00	0.956375928404503
1	2023-08-24 00:00:00+00	0.27090578830786904
1	2023-08-27 00:00:00+00	-0.6636338842129675
1	2023-08-30 00:00:00+00	-0.9880316240928618
1	2023-09-02 00:00:00+00	-0.404037645323065
1	2023-09-05 00:00:00+00	0.5514266812416906
1	2023-09-08 00:00:00+00	0.9999118601072672
1	2023-09-11 00:00:00+00	0.5290826861200238
1	2023-09-14 00:00:00+00	-0.428182669496151
1	2023-09-17 00:00:00+00	-0.9917788534431158
1	2023-09-20 00:00:00+00	-0.6435381333569995
1	2023-09-23 00:00:00+00	0.2963685787093853
1	2023-09-26 00:00:00+00	0.9637953862840878
1	2023-09-29 00:00:00+00	0.7451131604793488
1	2023-10-02 00:00:00+00	-0.158622668804709
1	2023-10-05 00:00:00+00	-0.9165215479156338
1	2023-10-08 00:00:00+00	-0.8317747426285983
1	2023-10-11 00:00:00+00	0.017701925105413577
1	2023-10-14 00:00:00+00	0.8509035245341184
1	2023-10-17 00:00:00+00	0.9017883476488092
1	2023-10-20 00:00:00+00	0.123573122745224
1	2023-10-23 00:00:00+00	-0.7682546613236668
1	2023-10-26 00:00:00+00	-0.9537526527594719
1	2023-10-29 00:00:00+00	-0.26237485370392877
1	2023-11-01 00:00:00+00	0.6702291758433747
1	2023-11-04 00:00:00+00	0.9866275920404853
1	2023-11-07 00:00:00+00	0.39592515018183416
1	2023-11-10 00:00:00+00	-0.5587890488516163
1	2023-11-13 00:00:00+00	-0.9997551733586199
1	2023-11-16 00:00:00+00	-0.5215510020869119
1	2023-11-19 00:00:00+00	0.43616475524782494
1	2023-11-22 00:00:00+00	0.9928726480845371
1	2023-11-25 00:00:00+00	0.6367380071391379
1	2023-11-28 00:00:00+00	-0.3048106211022167
1	2023-12-01 00:00:00+00	-0.9661177700083929
1	2023-12-04 00:00:00+00	-0.7391806966492228
1	2023-12-07 00:00:00+00	0.16735570030280691
1	2023-12-10 00:00:00+00	0.9200260381967906
1	2023-12-13 00:00:00+00	0.8268286794901034
1	2023-12-16 00:00:00+00	-0.026551154023966794
1	2023-12-19 00:00:00+00	-0.8555199789753223
1	2023-12-22 00:00:00+00	-0.8979276806892913
1	2023-12-25 00:00:00+00	-0.11478481378318722
1	2023-12-28 00:00:00+00	0.7738906815578891
1	2023-12-31 00:00:00+00	0.9510546532543747
2	2023-06-01 00:00:00+00	0
2	2023-06-04 00:00:00+00	1.682941969615793
2	2023-06-07 00:00:00+00	1.8185948536513634
2	2023-06-10 00:00:00+00	0.2822400161197344
2	2023-06-13 00:00:00+00	-1.5136049906158564
2	2023-06-16 00:00:00+00	-1.917848549326277
2	2023-06-19 00:00:00+00	-0.5588309963978517
2	2023-06-22 00:00:00+00	1.3139731974375781
2	2023-06-25 00:00:00+00	1.9787164932467636
2	2023-06-28 00:00:00+00	0.8242369704835132
2	2023-07-01 00:00:00+00	-1.0880422217787395
2	2023-07-04 00:00:00+00	-1.999980413101407
2	2023-07-07 00:00:00+00	-1.0731458360008699
2	2023-07-10 00:00:00+00	0.8403340736532818
2	2023-07-13 00:00:00+00	1.9812147113897407
2	2023-07-16 00:00:00+00	1.3005756803142337
2	2023-07-19 00:00:00+00	-0.5758066333301306
2	2023-07-22 00:00:00+00	-1.9227949837591136
2	2023-07-25 00:00:00+00	-1.501974493543352
2	2023-07-28 00:00:00+00	0.2997544193259047
2	2023-07-31 00:00:00+00	1.8258905014552553
2	2023-08-03 00:00:00+00	1.6733112770721121
2	2023-08-06 00:00:00+00	-0.017702618580807752
2	2023-08-09 00:00:00+00	-1.6924408083503413
2	2023-08-12 00:00:00+00	-1.8111567240132478
2	2023-08-15 00:00:00+00	-0.26470350019554606
2	2023-08-18 00:00:00+00	1.5251169009592054
2	2023-08-21 00:00:00+00	1.912751856809006
2	2023-08-24 00:00:00+00	0.5418115766157381
2	2023-08-27 00:00:00+00	-1.327267768425935
2	2023-08-30 00:00:00+00	-1.9760632481857237
2	2023-09-02 00:00:00+00	-0.80807529064613
2	2023-09-05 00:00:00+00	1.1028533624833812
2	2023-09-08 00:00:00+00	1.9998237202145344
2	2023-09-11 00:00:00+00	1.0581653722400477
2	2023-09-14 00:00:00+00	-0.856365338992302
2	2023-09-17 00:00:00+00	-1.9835577068862316
2	2023-09-20 00:00:00+00	-1.287076266713999
2	2023-09-23 00:00:00+00	0.5927371574187706
2	2023-09-26 00:00:00+00	1.9275907725681756
2	2023-09-29 00:00:00+00	1.4902263209586977
2	2023-10-02 00:00:00+00	-0.317245337609418
2	2023-10-05 00:00:00+00	-1.8330430958312676
2	2023-10-08 00:00:00+00	-1.6635494852571966
2	2023-10-11 00:00:00+00	0.035403850210827155
2	2023-10-14 00:00:00+00	1.7018070490682369
2	2023-10-17 00:00:00+00	1.8035766952976184
2	2023-10-20 00:00:00+00	0.247146245490448
2	2023-10-23 00:00:00+00	-1.5365093226473336
2	2023-10-26 00:00:00+00	-1.9075053055189437
2	2023-10-29 00:00:00+00	-0.5247497074078575
2	2023-11-01 00:00:00+00	1.3404583516867494
2	2023-11-04 00:00:00+00	1.9732551840809707
2	2023-11-07 00:00:00+00	0.7918503003636683
2	2023-11-10 00:00:00+00	-1.1175780977032326
2	2023-11-13 00:00:00+00	-1.9995103467172397
2	2023-11-16 00:00:00+00	-1.0431020041738237
2	2023-11-19 00:00:00+00	0.8723295104956499
2	2023-11-22 00:00:00+00	1.9857452961690742
2	2023-11-25 00:00:00+00	1.2734760142782757
2	2023-11-28 00:00:00+00	-0.6096212422044334
2	2023-12-01 00:00:00+00	-1.9322355400167859
2	2023-12-04 00:00:00+00	-1.4783613932984456
2	2023-12-07 00:00:00+00	0.33471140060561383
2	2023-12-10 00:00:00+00	1.8400520763935813
2	2023-12-13 00:00:00+00	1.6536573589802068
2	2023-12-16 00:00:00+00	-0.05310230804793359
2	2023-12-19 00:00:00+00	-1.7110399579506446
2	2023-12-22 00:00:00+00	-1.7958553613785826
2	2023-12-25 00:00:00+00	-0.22956962756637445
2	2023-12-28 00:00:00+00	1.5477813631157782
2	2023-12-31 00:00:00+00	1.9021093065087493
3	2023-06-01 00:00:00+00	0
3	2023-06-04 00:00:00+00	2.5244129544236893
3	2023-06-07 00:00:00+00	2.727892280477045
3	2023-06-10 00:00:00+00	0.4233600241796016
3	2023-06-13 00:00:00+00	-2.2704074859237844
3	2023-06-16 00:00:00+00	-2.8767728239894153
3	2023-06-19 00:00:00+00	-0.8382464945967776
3	2023-06-22 00:00:00+00	1.9709597961563672
3	2023-06-25 00:00:00+00	2.9680747398701453
3	2023-06-28 00:00:00+00	1.2363554557252698
3	2023-07-01 00:00:00+00	-1.6320633326681093
3	2023-07-04 00:00:00+00	-2.9999706196521103
3	2023-07-07 00:00:00+00	-1.609718754001305
3	2023-07-10 00:00:00+00	1.2605011104799226
3	2023-07-13 00:00:00+00	2.971822067084611
3	2023-07-16 00:00:00+00	1.9508635204713505
3	2023-07-19 00:00:00+00	-0.8637099499951959
3	2023-07-22 00:00:00+00	-2.8841924756386703
3	2023-07-25 00:00:00+00	-2.252961740315028
3	2023-07-28 00:00:00+00	0.449631628988857
3	2023-07-31 00:00:00+00	2.738835752182883
3	2023-08-03 00:00:00+00	2.5099669156081683
3	2023-08-06 00:00:00+00	-0.02655392787121163
3	2023-08-09 00:00:00+00	-2.538661212525512
3	2023-08-12 00:00:00+00	-2.7167350860198716
3	2023-08-15 00:00:00+00	-0.3970552502933191
3	2023-08-18 00:00:00+00	2.287675351438808
3	2023-08-21 00:00:00+00	2.869127785213509
3	2023-08-24 00:00:00+00	0.8127173649236071
3	2023-08-27 00:00:00+00	-1.9909016526389025
3	2023-08-30 00:00:00+00	-2.9640948722785856
3	2023-09-02 00:00:00+00	-1.2121129359691951
3	2023-09-05 00:00:00+00	1.6542800437250718
3	2023-09-08 00:00:00+00	2.9997355803218015
3	2023-09-11 00:00:00+00	1.5872480583600717
3	2023-09-14 00:00:00+00	-1.284548008488453
3	2023-09-17 00:00:00+00	-2.9753365603293473
3	2023-09-20 00:00:00+00	-1.9306144000709984
3	2023-09-23 00:00:00+00	0.889105736128156
3	2023-09-26 00:00:00+00	2.8913861588522636
3	2023-09-29 00:00:00+00	2.2353394814380465
3	2023-10-02 00:00:00+00	-0.47586800641412696
3	2023-10-05 00:00:00+00	-2.7495646437469015
3	2023-10-08 00:00:00+00	-2.4953242278857948
3	2023-10-11 00:00:00+00	0.053105775316240736
3	2023-10-14 00:00:00+00	2.552710573602355
3	2023-10-17 00:00:00+00	2.7053650429464278
3	2023-10-20 00:00:00+00	0.370719368235672
3	2023-10-23 00:00:00+00	-2.3047639839710006
3	2023-10-26 00:00:00+00	-2.8612579582784154
3	2023-10-29 00:00:00+00	-0.7871245611117863
3	2023-11-01 00:00:00+00	2.0106875275301244
3	2023-11-04 00:00:00+00	2.959882776121456
3	2023-11-07 00:00:00+00	1.1877754505455025
3	2023-11-10 00:00:00+00	-1.6763671465548489
3	2023-11-13 00:00:00+00	-2.9992655200758596
3	2023-11-16 00:00:00+00	-1.5646530062607356
3	2023-11-19 00:00:00+00	1.3084942657434748
3	2023-11-22 00:00:00+00	2.978617944253611
3	2023-11-25 00:00:00+00	1.9102140214174135
3	2023-11-28 00:00:00+00	-0.91443186330665
3	2023-12-01 00:00:00+00	-2.898353310025179
3	2023-12-04 00:00:00+00	-2.2175420899476683
3	2023-12-07 00:00:00+00	0.5020671009084208
3	2023-12-10 00:00:00+00	2.760078114590372
3	2023-12-13 00:00:00+00	2.4804860384703105
3	2023-12-16 00:00:00+00	-0.07965346207190038
3	2023-12-19 00:00:00+00	-2.566559936925967
3	2023-12-22 00:00:00+00	-2.693783042067874
3	2023-12-25 00:00:00+00	-0.34435444134956167
3	2023-12-28 00:00:00+00	2.3216720446736674
3	2023-12-31 00:00:00+00	2.853163959763124
\.


--
-- Data for Name: measurements_2024; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.measurements_2024 (sensor_id, taken_at, value) FROM stdin;
1	2024-01-03 00:00:00+00	0.25382336276203626
1	2024-01-06 00:00:00+00	-0.6767719568873076
1	2024-01-09 00:00:00+00	-0.9851462604682474
1	2024-01-12 00:00:00+00	-0.38778163540943045
1	2024-01-15 00:00:00+00	0.5661076368981803
1	2024-01-18 00:00:00+00	0.9995201585807313
1	2024-01-21 00:00:00+00	0.5139784559875352
1	2024-01-24 00:00:00+00	-0.4441126687075084
1	2024-01-27 00:00:00+00	-0.9938886539233752
1	2024-01-30 00:00:00+00	-0.6298879942744539
1	2024-02-02 00:00:00+00	0.31322878243308516
1	2024-02-05 00:00:00+00	0.9683644611001854
1	2024-02-08 00:00:00+00	0.7331903200732922
1	2024-02-11 00:00:00+00	-0.1760756199485871
1	2024-02-14 00:00:00+00	-0.9234584470040598
1	2024-02-17 00:00:00+00	-0.8218178366308225
1	2024-02-20 00:00:00+00	0.03539830273366068
1	2024-02-23 00:00:00+00	0.8600694058124533
1	2024-02-26 00:00:00+00	0.8939966636005579
1	2024-02-29 00:00:00+00	0.10598751175115685
1	2024-03-03 00:00:00+00	-0.7794660696158047
1	2024-03-06 00:00:00+00	-0.9482821412699473
1	2024-03-09 00:00:00+00	-0.24525198546765434
1	2024-03-12 00:00:00+00	0.683261714736121
1	2024-03-15 00:00:00+00	0.9835877454343449
1	2024-03-18 00:00:00+00	0.3796077390275217
1	2024-03-21 00:00:00+00	-0.5733818719904229
1	2024-03-24 00:00:00+00	-0.9992068341863537
1	2024-03-27 00:00:00+00	-0.5063656411097588
1	2024-03-30 00:00:00+00	0.45202578717835057
1	2024-04-02 00:00:00+00	0.9948267913584063
1	2024-04-05 00:00:00+00	0.6229886314423488
1	2024-04-08 00:00:00+00	-0.32162240316253093
1	2024-04-11 00:00:00+00	-0.9705352835374847
1	2024-04-14 00:00:00+00	-0.7271425000808526
1	2024-04-17 00:00:00+00	0.18478174456066745
1	2024-04-20 00:00:00+00	0.926818505417785
1	2024-04-23 00:00:00+00	0.8167426066363169
1	2024-04-26 00:00:00+00	-0.044242678085070965
1	2024-04-29 00:00:00+00	-0.8645514486106083
1	2024-05-02 00:00:00+00	-0.8899956043668333
1	2024-05-05 00:00:00+00	-0.09718190589320902
1	2024-05-08 00:00:00+00	0.7849803886813105
1	2024-05-11 00:00:00+00	0.9454353340247703
1	2024-05-14 00:00:00+00	0.23666139336428604
1	2024-05-17 00:00:00+00	-0.689697940935389
1	2024-05-20 00:00:00+00	-0.9819521690440836
1	2024-05-23 00:00:00+00	-0.3714041014380902
1	2024-05-26 00:00:00+00	0.5806111842123143
1	2024-05-29 00:00:00+00	0.9988152247235795
1	2024-06-01 00:00:00+00	0.4987131538963941
1	2024-06-04 00:00:00+00	-0.45990349068959124
1	2024-06-07 00:00:00+00	-0.9956869868891794
1	2024-06-10 00:00:00+00	-0.6160404591886565
1	2024-06-13 00:00:00+00	0.329990825673782
1	2024-06-16 00:00:00+00	0.972630067242408
1	2024-06-19 00:00:00+00	0.7210377105017316
1	2024-06-22 00:00:00+00	-0.19347339203846847
1	2024-06-25 00:00:00+00	-0.9301059501867618
1	2024-06-28 00:00:00+00	-0.8116033871367004
1	2024-07-01 00:00:00+00	0.05308358714605824
1	2024-07-04 00:00:00+00	0.8689657562142357
1	2024-07-07 00:00:00+00	0.8859248164599484
1	2024-07-10 00:00:00+00	0.08836868610400143
1	2024-07-13 00:00:00+00	-0.7904332067228887
1	2024-07-16 00:00:00+00	-0.9425144545582509
1	2024-07-19 00:00:00+00	-0.2280522595008612
1	2024-07-22 00:00:00+00	0.6960801312247415
1	2024-07-25 00:00:00+00	0.9802396594403116
1	2024-07-28 00:00:00+00	0.363171365373259
1	2024-07-31 00:00:00+00	-0.5877950071674065
1	2024-08-03 00:00:00+00	-0.9983453608739179
1	2024-08-06 00:00:00+00	-0.49102159389846933
1	2024-08-09 00:00:00+00	0.4677451620451334
1	2024-08-12 00:00:00+00	0.9964691731217737
1	2024-08-15 00:00:00+00	0.6090440218832924
1	2024-08-18 00:00:00+00	-0.3383333943242765
1	2024-08-21 00:00:00+00	-0.9746486480944947
1	2024-08-24 00:00:00+00	-0.7148764296291646
1	2024-08-27 00:00:00+00	0.20214988141565363
1	2024-08-30 00:00:00+00	0.933320523748862
1	2024-09-02 00:00:00+00	0.8064005807754863
1	2024-09-05 00:00:00+00	-0.06192033725605731
1	2024-09-08 00:00:00+00	-0.8733119827746476
1	2024-09-11 00:00:00+00	-0.8817846188147811
1	2024-09-14 00:00:00+00	-0.0795485428747221
1	2024-09-17 00:00:00+00	0.7958240965274552
1	2024-09-20 00:00:00+00	0.9395197317131483
1	2024-09-23 00:00:00+00	0.21942525837900473
1	2024-09-26 00:00:00+00	-0.702407785577371
1	2024-09-29 00:00:00+00	-0.9784503507933796
1	2024-10-02 00:00:00+00	-0.35491017584493534
1	2024-10-05 00:00:00+00	0.5949327780232085
1	2024-10-08 00:00:00+00	0.9977972794498907
1	2024-10-11 00:00:00+00	0.48329156372825655
1	2024-10-14 00:00:00+00	-0.47555018687189876
1	2024-10-17 00:00:00+00	-0.9971732887740798
1	2024-10-20 00:00:00+00	-0.6019998676776046
1	2024-10-23 00:00:00+00	0.3466494554970303
1	2024-10-26 00:00:00+00	0.9765908679435658
1	2024-10-29 00:00:00+00	0.7086591401823227
1	2024-11-01 00:00:00+00	-0.2108105329134813
1	2024-11-04 00:00:00+00	-0.9364619742512132
1	2024-11-07 00:00:00+00	-0.8011345951780408
1	2024-11-10 00:00:00+00	0.07075223608034517
1	2024-11-13 00:00:00+00	0.8775897877771157
1	2024-11-16 00:00:00+00	0.8775753358042688
1	2024-11-19 00:00:00+00	0.07072216723899125
1	2024-11-22 00:00:00+00	-0.8011526357338304
1	2024-11-25 00:00:00+00	-0.936451400117644
1	2024-11-28 00:00:00+00	-0.21078106590019152
1	2024-12-01 00:00:00+00	0.7086804082392084
1	2024-12-04 00:00:00+00	0.9765843832906294
1	2024-12-07 00:00:00+00	0.346621180094276
1	2024-12-10 00:00:00+00	-0.6020239375552833
1	2024-12-13 00:00:00+00	-0.997171023392149
1	2024-12-16 00:00:00+00	-0.47552366901205834
1	2024-12-19 00:00:00+00	0.48331795366796265
1	2024-12-22 00:00:00+00	0.9977992786806003
1	2024-12-25 00:00:00+00	0.594908548461427
1	2024-12-28 00:00:00+00	-0.3549383576518463
1	2024-12-31 00:00:00+00	-0.9784565746221131
2	2024-01-03 00:00:00+00	0.5076467255240725
2	2024-01-06 00:00:00+00	-1.3535439137746152
2	2024-01-09 00:00:00+00	-1.9702925209364948
2	2024-01-12 00:00:00+00	-0.7755632708188609
2	2024-01-15 00:00:00+00	1.1322152737963607
2	2024-01-18 00:00:00+00	1.9990403171614626
2	2024-01-21 00:00:00+00	1.0279569119750704
2	2024-01-24 00:00:00+00	-0.8882253374150167
2	2024-01-27 00:00:00+00	-1.9877773078467504
2	2024-01-30 00:00:00+00	-1.2597759885489077
2	2024-02-02 00:00:00+00	0.6264575648661703
2	2024-02-05 00:00:00+00	1.9367289222003707
2	2024-02-08 00:00:00+00	1.4663806401465844
2	2024-02-11 00:00:00+00	-0.3521512398971742
2	2024-02-14 00:00:00+00	-1.8469168940081195
2	2024-02-17 00:00:00+00	-1.643635673261645
2	2024-02-20 00:00:00+00	0.07079660546732136
2	2024-02-23 00:00:00+00	1.7201388116249066
2	2024-02-26 00:00:00+00	1.7879933272011157
2	2024-02-29 00:00:00+00	0.2119750235023137
2	2024-03-03 00:00:00+00	-1.5589321392316093
2	2024-03-06 00:00:00+00	-1.8965642825398945
2	2024-03-09 00:00:00+00	-0.4905039709353087
2	2024-03-12 00:00:00+00	1.366523429472242
2	2024-03-15 00:00:00+00	1.9671754908686898
2	2024-03-18 00:00:00+00	0.7592154780550434
2	2024-03-21 00:00:00+00	-1.1467637439808458
2	2024-03-24 00:00:00+00	-1.9984136683727074
2	2024-03-27 00:00:00+00	-1.0127312822195176
2	2024-03-30 00:00:00+00	0.9040515743567011
2	2024-04-02 00:00:00+00	1.9896535827168127
2	2024-04-05 00:00:00+00	1.2459772628846977
2	2024-04-08 00:00:00+00	-0.6432448063250619
2	2024-04-11 00:00:00+00	-1.9410705670749695
2	2024-04-14 00:00:00+00	-1.4542850001617051
2	2024-04-17 00:00:00+00	0.3695634891213349
2	2024-04-20 00:00:00+00	1.85363701083557
2	2024-04-23 00:00:00+00	1.6334852132726339
2	2024-04-26 00:00:00+00	-0.08848535617014193
2	2024-04-29 00:00:00+00	-1.7291028972212166
2	2024-05-02 00:00:00+00	-1.7799912087336667
2	2024-05-05 00:00:00+00	-0.19436381178641804
2	2024-05-08 00:00:00+00	1.569960777362621
2	2024-05-11 00:00:00+00	1.8908706680495406
2	2024-05-14 00:00:00+00	0.4733227867285721
2	2024-05-17 00:00:00+00	-1.379395881870778
2	2024-05-20 00:00:00+00	-1.9639043380881671
2	2024-05-23 00:00:00+00	-0.7428082028761804
2	2024-05-26 00:00:00+00	1.1612223684246286
2	2024-05-29 00:00:00+00	1.997630449447159
2	2024-06-01 00:00:00+00	0.9974263077927882
2	2024-06-04 00:00:00+00	-0.9198069813791825
2	2024-06-07 00:00:00+00	-1.991373973778359
2	2024-06-10 00:00:00+00	-1.232080918377313
2	2024-06-13 00:00:00+00	0.659981651347564
2	2024-06-16 00:00:00+00	1.945260134484816
2	2024-06-19 00:00:00+00	1.4420754210034632
2	2024-06-22 00:00:00+00	-0.38694678407693694
2	2024-06-25 00:00:00+00	-1.8602119003735236
2	2024-06-28 00:00:00+00	-1.6232067742734009
2	2024-07-01 00:00:00+00	0.10616717429211649
2	2024-07-04 00:00:00+00	1.7379315124284713
2	2024-07-07 00:00:00+00	1.7718496329198967
2	2024-07-10 00:00:00+00	0.17673737220800287
2	2024-07-13 00:00:00+00	-1.5808664134457775
2	2024-07-16 00:00:00+00	-1.8850289091165018
2	2024-07-19 00:00:00+00	-0.4561045190017224
2	2024-07-22 00:00:00+00	1.392160262449483
2	2024-07-25 00:00:00+00	1.960479318880623
2	2024-07-28 00:00:00+00	0.726342730746518
2	2024-07-31 00:00:00+00	-1.175590014334813
2	2024-08-03 00:00:00+00	-1.9966907217478358
2	2024-08-06 00:00:00+00	-0.9820431877969387
2	2024-08-09 00:00:00+00	0.9354903240902668
2	2024-08-12 00:00:00+00	1.9929383462435475
2	2024-08-15 00:00:00+00	1.2180880437665849
2	2024-08-18 00:00:00+00	-0.676666788648553
2	2024-08-21 00:00:00+00	-1.9492972961889894
2	2024-08-24 00:00:00+00	-1.4297528592583293
2	2024-08-27 00:00:00+00	0.40429976283130725
2	2024-08-30 00:00:00+00	1.866641047497724
2	2024-09-02 00:00:00+00	1.6128011615509725
2	2024-09-05 00:00:00+00	-0.12384067451211463
2	2024-09-08 00:00:00+00	-1.7466239655492952
2	2024-09-11 00:00:00+00	-1.7635692376295622
2	2024-09-14 00:00:00+00	-0.1590970857494442
2	2024-09-17 00:00:00+00	1.5916481930549105
2	2024-09-20 00:00:00+00	1.8790394634262966
2	2024-09-23 00:00:00+00	0.43885051675800946
2	2024-09-26 00:00:00+00	-1.404815571154742
2	2024-09-29 00:00:00+00	-1.9569007015867592
2	2024-10-02 00:00:00+00	-0.7098203516898707
2	2024-10-05 00:00:00+00	1.189865556046417
2	2024-10-08 00:00:00+00	1.9955945588997814
2	2024-10-11 00:00:00+00	0.9665831274565131
2	2024-10-14 00:00:00+00	-0.9511003737437975
2	2024-10-17 00:00:00+00	-1.9943465775481597
2	2024-10-20 00:00:00+00	-1.2039997353552092
2	2024-10-23 00:00:00+00	0.6932989109940606
2	2024-10-26 00:00:00+00	1.9531817358871315
2	2024-10-29 00:00:00+00	1.4173182803646454
2	2024-11-01 00:00:00+00	-0.4216210658269626
2	2024-11-04 00:00:00+00	-1.8729239485024265
2	2024-11-07 00:00:00+00	-1.6022691903560815
2	2024-11-10 00:00:00+00	0.14150447216069034
2	2024-11-13 00:00:00+00	1.7551795755542314
2	2024-11-16 00:00:00+00	1.7551506716085377
2	2024-11-19 00:00:00+00	0.1414443344779825
2	2024-11-22 00:00:00+00	-1.6023052714676609
2	2024-11-25 00:00:00+00	-1.872902800235288
2	2024-11-28 00:00:00+00	-0.42156213180038304
2	2024-12-01 00:00:00+00	1.4173608164784168
2	2024-12-04 00:00:00+00	1.9531687665812587
2	2024-12-07 00:00:00+00	0.693242360188552
2	2024-12-10 00:00:00+00	-1.2040478751105665
2	2024-12-13 00:00:00+00	-1.994342046784298
2	2024-12-16 00:00:00+00	-0.9510473380241167
2	2024-12-19 00:00:00+00	0.9666359073359253
2	2024-12-22 00:00:00+00	1.9955985573612005
2	2024-12-25 00:00:00+00	1.189817096922854
2	2024-12-28 00:00:00+00	-0.7098767153036926
2	2024-12-31 00:00:00+00	-1.9569131492442262
3	2024-01-03 00:00:00+00	0.7614700882861087
3	2024-01-06 00:00:00+00	-2.030315870661923
3	2024-01-09 00:00:00+00	-2.9554387814047423
3	2024-01-12 00:00:00+00	-1.1633449062282915
3	2024-01-15 00:00:00+00	1.698322910694541
3	2024-01-18 00:00:00+00	2.998560475742194
3	2024-01-21 00:00:00+00	1.5419353679626058
3	2024-01-24 00:00:00+00	-1.3323380061225252
3	2024-01-27 00:00:00+00	-2.9816659617701258
3	2024-01-30 00:00:00+00	-1.8896639828233615
3	2024-02-02 00:00:00+00	0.9396863472992555
3	2024-02-05 00:00:00+00	2.905093383300556
3	2024-02-08 00:00:00+00	2.1995709602198765
3	2024-02-11 00:00:00+00	-0.5282268598457612
3	2024-02-14 00:00:00+00	-2.7703753410121794
3	2024-02-17 00:00:00+00	-2.4654535098924675
3	2024-02-20 00:00:00+00	0.10619490820098204
3	2024-02-23 00:00:00+00	2.58020821743736
3	2024-02-26 00:00:00+00	2.6819899908016733
3	2024-02-29 00:00:00+00	0.31796253525347057
3	2024-03-03 00:00:00+00	-2.338398208847414
3	2024-03-06 00:00:00+00	-2.844846423809842
3	2024-03-09 00:00:00+00	-0.735755956402963
3	2024-03-12 00:00:00+00	2.049785144208363
3	2024-03-15 00:00:00+00	2.9507632363030347
3	2024-03-18 00:00:00+00	1.1388232170825652
3	2024-03-21 00:00:00+00	-1.7201456159712687
3	2024-03-24 00:00:00+00	-2.997620502559061
3	2024-03-27 00:00:00+00	-1.5190969233292764
3	2024-03-30 00:00:00+00	1.3560773615350517
3	2024-04-02 00:00:00+00	2.9844803740752193
3	2024-04-05 00:00:00+00	1.8689658943270464
3	2024-04-08 00:00:00+00	-0.9648672094875927
3	2024-04-11 00:00:00+00	-2.911605850612454
3	2024-04-14 00:00:00+00	-2.181427500242558
3	2024-04-17 00:00:00+00	0.5543452336820024
3	2024-04-20 00:00:00+00	2.780455516253355
3	2024-04-23 00:00:00+00	2.450227819908951
3	2024-04-26 00:00:00+00	-0.1327280342552129
3	2024-04-29 00:00:00+00	-2.593654345831825
3	2024-05-02 00:00:00+00	-2.6699868131005
3	2024-05-05 00:00:00+00	-0.29154571767962706
3	2024-05-08 00:00:00+00	2.3549411660439317
3	2024-05-11 00:00:00+00	2.836306002074311
3	2024-05-14 00:00:00+00	0.7099841800928581
3	2024-05-17 00:00:00+00	-2.0690938228061673
3	2024-05-20 00:00:00+00	-2.945856507132251
3	2024-05-23 00:00:00+00	-1.1142123043142707
3	2024-05-26 00:00:00+00	1.7418335526369428
3	2024-05-29 00:00:00+00	2.9964456741707384
3	2024-06-01 00:00:00+00	1.4961394616891823
3	2024-06-04 00:00:00+00	-1.3797104720687736
3	2024-06-07 00:00:00+00	-2.9870609606675385
3	2024-06-10 00:00:00+00	-1.8481213775659695
3	2024-06-13 00:00:00+00	0.989972477021346
3	2024-06-16 00:00:00+00	2.917890201727224
3	2024-06-19 00:00:00+00	2.163113131505195
3	2024-06-22 00:00:00+00	-0.5804201761154054
3	2024-06-25 00:00:00+00	-2.7903178505602853
3	2024-06-28 00:00:00+00	-2.4348101614101014
3	2024-07-01 00:00:00+00	0.15925076143817474
3	2024-07-04 00:00:00+00	2.606897268642707
3	2024-07-07 00:00:00+00	2.657774449379845
3	2024-07-10 00:00:00+00	0.2651060583120043
3	2024-07-13 00:00:00+00	-2.3712996201686662
3	2024-07-16 00:00:00+00	-2.827543363674753
3	2024-07-19 00:00:00+00	-0.6841567785025836
3	2024-07-22 00:00:00+00	2.0882403936742246
3	2024-07-25 00:00:00+00	2.940718978320935
3	2024-07-28 00:00:00+00	1.089514096119777
3	2024-07-31 00:00:00+00	-1.7633850215022195
3	2024-08-03 00:00:00+00	-2.9950360826217537
3	2024-08-06 00:00:00+00	-1.4730647816954079
3	2024-08-09 00:00:00+00	1.4032354861354002
3	2024-08-12 00:00:00+00	2.9894075193653213
3	2024-08-15 00:00:00+00	1.8271320656498773
3	2024-08-18 00:00:00+00	-1.0150001829728295
3	2024-08-21 00:00:00+00	-2.923945944283484
3	2024-08-24 00:00:00+00	-2.144629288887494
3	2024-08-27 00:00:00+00	0.6064496442469609
3	2024-08-30 00:00:00+00	2.7999615712465857
3	2024-09-02 00:00:00+00	2.4192017423264587
3	2024-09-05 00:00:00+00	-0.18576101176817195
3	2024-09-08 00:00:00+00	-2.619935948323943
3	2024-09-11 00:00:00+00	-2.645353856444343
3	2024-09-14 00:00:00+00	-0.2386456286241663
3	2024-09-17 00:00:00+00	2.387472289582366
3	2024-09-20 00:00:00+00	2.8185591951394446
3	2024-09-23 00:00:00+00	0.6582757751370142
3	2024-09-26 00:00:00+00	-2.107223356732113
3	2024-09-29 00:00:00+00	-2.9353510523801387
3	2024-10-02 00:00:00+00	-1.064730527534806
3	2024-10-05 00:00:00+00	1.7847983340696256
3	2024-10-08 00:00:00+00	2.9933918383496723
3	2024-10-11 00:00:00+00	1.4498746911847697
3	2024-10-14 00:00:00+00	-1.4266505606156963
3	2024-10-17 00:00:00+00	-2.9915198663222395
3	2024-10-20 00:00:00+00	-1.8059996030328138
3	2024-10-23 00:00:00+00	1.039948366491091
3	2024-10-26 00:00:00+00	2.9297726038306973
3	2024-10-29 00:00:00+00	2.125977420546968
3	2024-11-01 00:00:00+00	-0.632431598740444
3	2024-11-04 00:00:00+00	-2.8093859227536395
3	2024-11-07 00:00:00+00	-2.403403785534122
3	2024-11-10 00:00:00+00	0.2122567082410355
3	2024-11-13 00:00:00+00	2.632769363331347
3	2024-11-16 00:00:00+00	2.6327260074128063
3	2024-11-19 00:00:00+00	0.21216650171697374
3	2024-11-22 00:00:00+00	-2.403457907201491
3	2024-11-25 00:00:00+00	-2.8093542003529324
3	2024-11-28 00:00:00+00	-0.6323431977005746
3	2024-12-01 00:00:00+00	2.1260412247176252
3	2024-12-04 00:00:00+00	2.929753149871888
3	2024-12-07 00:00:00+00	1.039863540282828
3	2024-12-10 00:00:00+00	-1.80607181266585
3	2024-12-13 00:00:00+00	-2.991513070176447
3	2024-12-16 00:00:00+00	-1.426571007036175
3	2024-12-19 00:00:00+00	1.449953861003888
3	2024-12-22 00:00:00+00	2.993397836041801
3	2024-12-25 00:00:00+00	1.784725645384281
3	2024-12-28 00:00:00+00	-1.0648150729555388
3	2024-12-31 00:00:00+00	-2.9353697238663394
\.


--
-- Data for Name: measurements_other; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.measurements_other (sensor_id, taken_at, value) FROM stdin;
1	2025-01-03 00:00:00+00	-0.7023863292684921
1	2025-01-06 00:00:00+00	0.21945466799406363
1	2025-01-09 00:00:00+00	0.9395300555699313
1	2025-01-12 00:00:00+00	0.7958058429196471
1	2025-01-15 00:00:00+00	-0.07957859166428352
1	2025-01-18 00:00:00+00	-0.8817988360675502
1	2025-01-21 00:00:00+00	-0.8732972972139946
1	2025-01-24 00:00:00+00	-0.06189025071872073
1	2025-01-27 00:00:00+00	0.8064184068658303
1	2025-01-30 00:00:00+00	0.9333097001669604
1	2025-02-02 00:00:00+00	0.2021203593127912
1	2025-02-05 00:00:00+00	-0.7148975077677643
1	2025-02-08 00:00:00+00	-0.97464190312541
1	2025-02-11 00:00:00+00	-0.3383050275409778
1	2025-02-14 00:00:00+00	0.6090679301910603
1	2025-02-17 00:00:00+00	0.9964666417661079
1	2025-02-20 00:00:00+00	0.46771851834275896
1	2025-02-23 00:00:00+00	-0.491047853850463
1	2025-02-26 00:00:00+00	-0.9983470937967718
1	2025-03-01 00:00:00+00	-0.5877706198198406
1	2025-03-04 00:00:00+00	0.36319945137636067
1	2025-03-07 00:00:00+00	0.9802456219572225
1	2025-03-10 00:00:00+00	0.6960584883449115
1	2025-03-13 00:00:00+00	-0.22808160941352784
1	2025-03-16 00:00:00+00	-0.9425245273294025
1	2025-03-19 00:00:00+00	-0.7904147414931815
1	2025-03-22 00:00:00+00	0.08839871248753149
1	2025-03-25 00:00:00+00	0.8859387978787574
1	2025-03-28 00:00:00+00	0.8689508382163493
1	2025-03-31 00:00:00+00	0.05305348526993529
1	2025-04-03 00:00:00+00	-0.8116209973649744
1	2025-04-06 00:00:00+00	-0.9300948780045254
1	2025-04-09 00:00:00+00	-0.19344381715900788
1	2025-04-12 00:00:00+00	0.7210585970706318
1	2025-04-15 00:00:00+00	0.9726230624856244
1	2025-04-18 00:00:00+00	0.3299623697323973
1	2025-04-21 00:00:00+00	-0.6160642040533645
1	2025-04-24 00:00:00+00	-0.9956841897581032
1	2025-04-27 00:00:00+00	-0.4598767232321427
1	2025-04-30 00:00:00+00	0.49873928180328125
1	2025-05-03 00:00:00+00	0.9988166912028082
1	2025-05-06 00:00:00+00	0.5805866409896447
1	2025-05-09 00:00:00+00	-0.37143208943692263
1	2025-05-12 00:00:00+00	-0.9819578697820255
1	2025-05-15 00:00:00+00	-0.6896761131802671
1	2025-05-18 00:00:00+00	0.2366906812750767
1	2025-05-21 00:00:00+00	0.9454451549211168
1	2025-05-24 00:00:00+00	0.7849617132764033
1	2025-05-27 00:00:00+00	-0.09721190751822432
1	2025-05-30 00:00:00+00	-0.8900093488562771
1	2025-06-02 00:00:00+00	-0.8645362993442719
1	2025-06-05 00:00:00+00	-0.04421256322855966
1	2025-06-08 00:00:00+00	0.8167599996228085
1	2025-06-11 00:00:00+00	0.9268071855026884
1	2025-06-14 00:00:00+00	0.184752119221718
1	2025-06-17 00:00:00+00	-0.727163193443649
1	2025-06-20 00:00:00+00	-0.9705280195418053
2	2025-01-03 00:00:00+00	-1.4047726585369842
2	2025-01-06 00:00:00+00	0.43890933598812726
2	2025-01-09 00:00:00+00	1.8790601111398626
2	2025-01-12 00:00:00+00	1.5916116858392941
2	2025-01-15 00:00:00+00	-0.15915718332856704
2	2025-01-18 00:00:00+00	-1.7635976721351003
2	2025-01-21 00:00:00+00	-1.7465945944279893
2	2025-01-24 00:00:00+00	-0.12378050143744146
2	2025-01-27 00:00:00+00	1.6128368137316607
2	2025-01-30 00:00:00+00	1.8666194003339207
2	2025-02-02 00:00:00+00	0.4042407186255824
2	2025-02-05 00:00:00+00	-1.4297950155355286
2	2025-02-08 00:00:00+00	-1.94928380625082
2	2025-02-11 00:00:00+00	-0.6766100550819556
2	2025-02-14 00:00:00+00	1.2181358603821206
2	2025-02-17 00:00:00+00	1.9929332835322158
2	2025-02-20 00:00:00+00	0.9354370366855179
2	2025-02-23 00:00:00+00	-0.982095707700926
2	2025-02-26 00:00:00+00	-1.9966941875935436
2	2025-03-01 00:00:00+00	-1.1755412396396812
2	2025-03-04 00:00:00+00	0.7263989027527213
2	2025-03-07 00:00:00+00	1.960491243914445
2	2025-03-10 00:00:00+00	1.392116976689823
2	2025-03-13 00:00:00+00	-0.4561632188270557
2	2025-03-16 00:00:00+00	-1.885049054658805
2	2025-03-19 00:00:00+00	-1.580829482986363
2	2025-03-22 00:00:00+00	0.17679742497506298
2	2025-03-25 00:00:00+00	1.7718775957575148
2	2025-03-28 00:00:00+00	1.7379016764326987
2	2025-03-31 00:00:00+00	0.10610697053987057
2	2025-04-03 00:00:00+00	-1.6232419947299488
2	2025-04-06 00:00:00+00	-1.8601897560090508
2	2025-04-09 00:00:00+00	-0.38688763431801576
2	2025-04-12 00:00:00+00	1.4421171941412636
2	2025-04-15 00:00:00+00	1.9452461249712487
2	2025-04-18 00:00:00+00	0.6599247394647946
2	2025-04-21 00:00:00+00	-1.232128408106729
2	2025-04-24 00:00:00+00	-1.9913683795162065
2	2025-04-27 00:00:00+00	-0.9197534464642854
2	2025-04-30 00:00:00+00	0.9974785636065625
2	2025-05-03 00:00:00+00	1.9976333824056165
2	2025-05-06 00:00:00+00	1.1611732819792895
2	2025-05-09 00:00:00+00	-0.7428641788738453
2	2025-05-12 00:00:00+00	-1.963915739564051
2	2025-05-15 00:00:00+00	-1.3793522263605342
2	2025-05-18 00:00:00+00	0.4733813625501534
2	2025-05-21 00:00:00+00	1.8908903098422336
2	2025-05-24 00:00:00+00	1.5699234265528066
2	2025-05-27 00:00:00+00	-0.19442381503644865
2	2025-05-30 00:00:00+00	-1.7800186977125543
2	2025-06-02 00:00:00+00	-1.7290725986885438
2	2025-06-05 00:00:00+00	-0.08842512645711932
2	2025-06-08 00:00:00+00	1.633519999245617
2	2025-06-11 00:00:00+00	1.8536143710053767
2	2025-06-14 00:00:00+00	0.369504238443436
2	2025-06-17 00:00:00+00	-1.454326386887298
2	2025-06-20 00:00:00+00	-1.9410560390836107
3	2025-01-03 00:00:00+00	-2.107158987805476
3	2025-01-06 00:00:00+00	0.6583640039821909
3	2025-01-09 00:00:00+00	2.818590166709794
3	2025-01-12 00:00:00+00	2.387417528758941
3	2025-01-15 00:00:00+00	-0.23873577499285056
3	2025-01-18 00:00:00+00	-2.6453965082026505
3	2025-01-21 00:00:00+00	-2.6198918916419838
3	2025-01-24 00:00:00+00	-0.1856707521561622
3	2025-01-27 00:00:00+00	2.419255220597491
3	2025-01-30 00:00:00+00	2.799929100500881
3	2025-02-02 00:00:00+00	0.6063610779383737
3	2025-02-05 00:00:00+00	-2.1446925233032927
3	2025-02-08 00:00:00+00	-2.92392570937623
3	2025-02-11 00:00:00+00	-1.0149150826229334
3	2025-02-14 00:00:00+00	1.827203790573181
3	2025-02-17 00:00:00+00	2.989399925298324
3	2025-02-20 00:00:00+00	1.4031555550282768
3	2025-02-23 00:00:00+00	-1.473143561551389
3	2025-02-26 00:00:00+00	-2.995041281390315
3	2025-03-01 00:00:00+00	-1.7633118594595216
3	2025-03-04 00:00:00+00	1.0895983541290821
3	2025-03-07 00:00:00+00	2.9407368658716675
3	2025-03-10 00:00:00+00	2.0881754650347344
3	2025-03-13 00:00:00+00	-0.6842448282405835
3	2025-03-16 00:00:00+00	-2.8275735819882075
3	2025-03-19 00:00:00+00	-2.371244224479544
3	2025-03-22 00:00:00+00	0.26519613746259446
3	2025-03-25 00:00:00+00	2.6578163936362724
3	2025-03-28 00:00:00+00	2.6068525146490478
3	2025-03-31 00:00:00+00	0.15916045580980587
3	2025-04-03 00:00:00+00	-2.4348629920949234
3	2025-04-06 00:00:00+00	-2.790284634013576
3	2025-04-09 00:00:00+00	-0.5803314514770237
3	2025-04-12 00:00:00+00	2.1631757912118954
3	2025-04-15 00:00:00+00	2.917869187456873
3	2025-04-18 00:00:00+00	0.9898871091971919
3	2025-04-21 00:00:00+00	-1.8481926121600933
3	2025-04-24 00:00:00+00	-2.9870525692743097
3	2025-04-27 00:00:00+00	-1.3796301696964282
3	2025-04-30 00:00:00+00	1.4962178454098438
3	2025-05-03 00:00:00+00	2.9964500736084245
3	2025-05-06 00:00:00+00	1.7417599229689342
3	2025-05-09 00:00:00+00	-1.1142962683107678
3	2025-05-12 00:00:00+00	-2.9458736093460764
3	2025-05-15 00:00:00+00	-2.069028339540801
3	2025-05-18 00:00:00+00	0.7100720438252301
3	2025-05-21 00:00:00+00	2.8363354647633505
3	2025-05-24 00:00:00+00	2.35488513982921
3	2025-05-27 00:00:00+00	-0.29163572255467296
3	2025-05-30 00:00:00+00	-2.6700280465688313
3	2025-06-02 00:00:00+00	-2.593608898032816
3	2025-06-05 00:00:00+00	-0.132637689685679
3	2025-06-08 00:00:00+00	2.4502799988684254
3	2025-06-11 00:00:00+00	2.780421556508065
3	2025-06-14 00:00:00+00	0.554256357665154
3	2025-06-17 00:00:00+00	-2.181489580330947
3	2025-06-20 00:00:00+00	-2.911584058625416
\.


--
-- Data for Name: numbers; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.numbers (id, big, exact, f4, f8, money_amount, i2, i8, flag, bits, uuid_value, interval_value, oid_value) FROM stdin;
10	123456789012345678901234567890.123456789012345678901234567890	12345678901234567890.12345678901234567890	3.14159	2.718281828459045	$1,234.56	32767	9223372036854775807	t	1010	a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11	1 year 2 mons 3 days 04:05:06.789	12345
15	NaN	0.00000000000000000000	NaN	NaN	-$0.01	-32768	-9223372036854775808	f		00000000-0000-0000-0000-000000000000	-1 days	0
20	Infinity	-1.50000000000000000000	Infinity	Infinity	$0.00	0	0	\N	\N	\N	\N	\N
25	-Infinity	0.00000000000000000001	-Infinity	-Infinity	\N	\N	\N	\N	\N	\N	\N	\N
30	0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001	\N	1e-45	5e-324	\N	\N	\N	\N	\N	\N	\N	\N
35	0.0	\N	-0	-0	\N	\N	\N	\N	\N	\N	\N	\N
\.


--
-- Data for Name: people; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.people (id, handle, contact, feeling, home, tags, attrs, path, first_name, last_name, score, created_at, updated_at) FROM stdin;
1	Alice	alice@example.org	happy	("1 Main St",Springfield,12345,"(1.5,-2.25)")	{a,NULL,"with \\"double\\" quotes","with 'single' quotes","comma, inside","{braces}","back\\\\slash",""}	"color"=>"blue", "nothing"=>NULL, "with space"=>"x y"	top.science.physics	Alice	Liddell	99.50	2024-01-01 00:00:00+00	\N
2	BOB	Bob@Example.org	it's complicated	\N	{}		top	Bob	O'Brien	0.00	2024-01-01 00:00:00+00	\N
4	dave ünïcødé	dave@xn--bcher-kva.example	ok	("Tab\tStreet",Zürich,8000,"(NaN,Infinity)")	{日本語,🎉,NULL}	"k"=>"v\\"q"	top.arts	Dåve	😀	42.00	2024-01-01 00:00:00+00	\N
3	carol	\N	sad	(,,,)	\N	\N	\N	Car\tol	Multi\nLine	100.00	2024-01-01 00:00:00+00	2024-06-01 12:00:00+00
\.


--
-- Name: Transcripts_id_seq; Type: SEQUENCE SET; Schema: Student Records; Owner: postgres
--

SELECT pg_catalog.setval('"Student Records"."Transcripts_id_seq"', 2, true);


--
-- Name: audit_log_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.audit_log_id_seq', 20, true);


--
-- Name: blobs_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.blobs_id_seq', 5, true);


--
-- Name: bookings_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.bookings_id_seq', 2, true);


--
-- Name: documents_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.documents_id_seq', 3, true);


--
-- Name: invoice_numbers; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.invoice_numbers', 5000, true);


--
-- Name: numbers_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.numbers_id_seq', 35, true);


--
-- Name: people_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.people_id_seq', 4, true);


--
-- Data for Name: BLOBS; Type: BLOBS; Schema: -; Owner: -
--

BEGIN;

SELECT pg_catalog.lo_open('16988', 131072);
SELECT pg_catalog.lowrite(0, '\x89504e470d0a1a0aff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00');
SELECT pg_catalog.lo_close(0);

COMMIT;

--
-- Name: Grade Book Grade Book_pkey; Type: CONSTRAINT; Schema: Student Records; Owner: postgres
--

ALTER TABLE ONLY "Student Records"."Grade Book"
    ADD CONSTRAINT "Grade Book_pkey" PRIMARY KEY ("Student ID", "Course");


--
-- Name: Transcripts Transcripts_pkey; Type: CONSTRAINT; Schema: Student Records; Owner: postgres
--

ALTER TABLE ONLY "Student Records"."Transcripts"
    ADD CONSTRAINT "Transcripts_pkey" PRIMARY KEY (id);


--
-- Name: MixedCase MixedCase_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."MixedCase"
    ADD CONSTRAINT "MixedCase_pkey" PRIMARY KEY ("Id");


--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);


--
-- Name: blobs blobs_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.blobs
    ADD CONSTRAINT blobs_pkey PRIMARY KEY (id);


--
-- Name: bookings bookings_during_excl; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.bookings
    ADD CONSTRAINT bookings_during_excl EXCLUDE USING gist (during WITH &&);


--
-- Name: bookings bookings_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.bookings
    ADD CONSTRAINT bookings_pkey PRIMARY KEY (id);


--
-- Name: cache_entries cache_entries_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.cache_entries
    ADD CONSTRAINT cache_entries_pkey PRIMARY KEY (key);


--
-- Name: documents documents_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_pkey PRIMARY KEY (id);


--
-- Name: invoices invoices_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_pkey PRIMARY KEY (number);


--
-- Name: measurements measurements_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.measurements
    ADD CONSTRAINT measurements_pkey PRIMARY KEY (sensor_id, taken_at);


--
-- Name: measurements_2023 measurements_2023_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.measurements_2023
    ADD CONSTRAINT measurements_2023_pkey PRIMARY KEY (sensor_id, taken_at);


--
-- Name: measurements_2024 measurements_2024_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.measurements_2024
    ADD CONSTRAINT measurements_2024_pkey PRIMARY KEY (sensor_id, taken_at);


--
-- Name: measurements_other measurements_other_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.measurements_other
    ADD CONSTRAINT measurements_other_pkey PRIMARY KEY (sensor_id, taken_at);


--
-- Name: numbers numbers_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.numbers
    ADD CONSTRAINT numbers_pkey PRIMARY KEY (id);


--
-- Name: people people_handle_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.people
    ADD CONSTRAINT people_handle_key UNIQUE (handle);


--
-- Name: people people_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.people
    ADD CONSTRAINT people_pkey PRIMARY KEY (id);


--
-- Name: documents_body_gin; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX documents_body_gin ON public.documents USING gin (body jsonb_path_ops);


--
-- Name: documents_search; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX documents_search ON public.documents USING gin (search);


--
-- Name: invoice_totals_person; Type: INDEX; Schema: public; Owner: postgres
--

CREATE UNIQUE INDEX invoice_totals_person ON public.invoice_totals USING btree (person_id);


--
-- Name: measurements_2023_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.measurements_pkey ATTACH PARTITION public.measurements_2023_pkey;


--
-- Name: measurements_2024_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.measurements_pkey ATTACH PARTITION public.measurements_2024_pkey;


--
-- Name: measurements_other_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
--

ALTER INDEX public.measurements_pkey ATTACH PARTITION public.measurements_other_pkey;


--
-- Name: invoices invoices_audit; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER invoices_audit AFTER INSERT OR UPDATE ON public.invoices FOR EACH ROW EXECUTE FUNCTION public.log_change();


--
-- Name: people people_touch; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER people_touch BEFORE UPDATE ON public.people FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();


--
-- Name: Grade Book Grade Book_Student ID_fkey; Type: FK CONSTRAINT; Schema: Student Records; Owner: postgres
--

ALTER TABLE ONLY "Student Records"."Grade Book"
    ADD CONSTRAINT "Grade Book_Student ID_fkey" FOREIGN KEY ("Student ID") REFERENCES public.people(id);


--
-- Name: Transcripts Transcripts_Student ID_fkey; Type: FK CONSTRAINT; Schema: Student Records; Owner: postgres
--

ALTER TABLE ONLY "Student Records"."Transcripts"
    ADD CONSTRAINT "Transcripts_Student ID_fkey" FOREIGN KEY ("Student ID") REFERENCES public.people(id);


--
-- Name: invoices invoices_person_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id) ON DELETE RESTRICT;


--
-- Name: Grade Book; Type: ROW SECURITY; Schema: Student Records; Owner: postgres
--

ALTER TABLE "Student Records"."Grade Book" ENABLE ROW LEVEL SECURITY;

--
-- Name: Grade Book Own Grades; Type: POLICY; Schema: Student Records; Owner: postgres
--

CREATE POLICY "Own Grades" ON "Student Records"."Grade Book" USING (("Student ID" > 0));


--
-- Name: invoices; Type: ROW SECURITY; Schema: public; Owner: postgres
--

ALTER TABLE public.invoices ENABLE ROW LEVEL SECURITY;

--
-- Name: invoices invoices_insert; Type: POLICY; Schema: public; Owner: postgres
--

CREATE POLICY invoices_insert ON public.invoices FOR INSERT WITH CHECK ((amount < (1000000)::numeric));


--
-- Name: invoices invoices_recent; Type: POLICY; Schema: public; Owner: postgres
--

CREATE POLICY invoices_recent ON public.invoices FOR SELECT USING ((issued >= '2020-01-01'::date));


--
-- Name: invoice_totals; Type: MATERIALIZED VIEW DATA; Schema: public; Owner: postgres
--

REFRESH MATERIALIZED VIEW public.invoice_totals;


--
-- PostgreSQL database dump complete
--

\unrestrict kodYsa2Vfr6bAQvtqf5LeVcaJx2SnHn8AKKiqD9U3OWC1wMuQu4wCFan1Mw3yqw

