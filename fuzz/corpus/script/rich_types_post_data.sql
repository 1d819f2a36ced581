--
-- PostgreSQL database dump
--

\restrict aXpYHt7sgxE0O0yR1caeaXIsgwgfdptEGC6a7Irfj5nbkz59LDp2PsGstZJw6r8

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

SET default_tablespace = '';

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

\unrestrict aXpYHt7sgxE0O0yR1caeaXIsgwgfdptEGC6a7Irfj5nbkz59LDp2PsGstZJw6r8

