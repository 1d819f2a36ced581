--
-- PostgreSQL database dump
--

\restrict abc
SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);

--
-- Name: f(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.f() RETURNS text
    LANGUAGE sql
    SET search_path TO 'public'
    AS $_$
-- Name: fake; Type: INDEX; Schema: public; Owner: postgres
select 'x'
$_$;

SET default_tablespace = '';

--
-- Name: t; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.t (
    id integer NOT NULL,
    s "Student Records".students_id
);

--
-- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.t (id, s) FROM stdin;
1	-- Name: x; Type: INDEX; Schema: public; Owner: postgres
\.


--
-- Name: t t_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.t
    ADD CONSTRAINT t_pkey PRIMARY KEY (id);


--
-- Name: t t_s_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.t
    ADD CONSTRAINT t_s_fkey FOREIGN KEY (s) REFERENCES "Student Records".students(id) ON DELETE CASCADE;


--
-- Name: p p_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE public.p
    ADD CONSTRAINT p_fkey FOREIGN KEY (s) REFERENCES "Student Records".students(id);


--
-- Name: t t_u_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.t
    ADD CONSTRAINT t_u_fkey FOREIGN KEY (id) REFERENCES public.u(id);


--
-- PostgreSQL database dump complete
--

\unrestrict abc
