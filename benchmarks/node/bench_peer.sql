-- What the PostGraphile peer needs beyond the hub's own tables, in a schema of its own that the
-- hub never reads: PostGraphile serves `public` (the hub's tables, as the hub wrote them) and
-- `bench_peer` (these functions). benchmarks/peer_bench.py creates it before the peer runs and
-- drops it afterwards. Every function is LANGUAGE sql STABLE with a single SELECT, so
-- PostgreSQL inlines it into the query PostGraphile builds around it.

CREATE SCHEMA IF NOT EXISTS bench_peer;

-- Q2: MutualAidRequest.deployments, a "computed column" (first argument: the table's row type).
-- The hub has the same relation: deployment -> duty unit -> planning unit -> commitment ->
-- request, ordered by duty date.
CREATE OR REPLACE FUNCTION bench_peer.mutual_aid_request_deployments(r public.mutual_aid_request)
RETURNS SETOF public.deployment
LANGUAGE sql STABLE
AS $$
  SELECT d.*
  FROM public.deployment d
  JOIN public.duty_unit du ON du.id = d.duty_unit_id
  JOIN public.planning_unit pu ON pu.id = du.planning_unit_id
  JOIN public.commitment c ON c.id = pu.commitment_id
  WHERE c.request_id = r.id
  ORDER BY d.duty_date, d.id
$$;

-- Q3: officer duty-days (deployments not cancelled) and distinct officers by force and day.
-- PostGraphile has no aggregates without a plugin; this is the aggregate as a custom query.
CREATE OR REPLACE FUNCTION bench_peer.officer_duty_days()
RETURNS TABLE (force_code text, day date, officer_duty_days integer, officers integer)
LANGUAGE sql STABLE
AS $$
  SELECT f.code::text, d.duty_date, count(*)::integer, count(DISTINCT d.officer_id)::integer
  FROM public.deployment d
  JOIN public.officer o ON o.id = d.officer_id
  JOIN public.force f ON f.id = o.force_id
  WHERE d.status <> 'CANCELLED'
  GROUP BY f.code, d.duty_date
  ORDER BY f.code, d.duty_date
$$;

-- Q4: officers of a force (by code) holding a capability (by code), by service number.
CREATE OR REPLACE FUNCTION bench_peer.officers_by_force_and_capability(
  force_code text, capability_code text
)
RETURNS SETOF public.officer
LANGUAGE sql STABLE
AS $$
  SELECT o.*
  FROM public.officer o
  JOIN public.force f ON f.id = o.force_id
  WHERE f.code = force_code
    AND EXISTS (
      SELECT 1 FROM public.officer_capability oc
      JOIN public.capability c ON c.id = oc.capability_id
      WHERE oc.officer_id = o.id AND c.code = capability_code
    )
  ORDER BY o.service_number
$$;

-- Q5: officers by primary key, many at once (the peer's counterpart of the hub's _entities).
CREATE OR REPLACE FUNCTION bench_peer.officers_by_ids(ids integer[])
RETURNS SETOF public.officer
LANGUAGE sql STABLE
AS $$
  SELECT o.* FROM public.officer o WHERE o.id = ANY (ids) ORDER BY o.id
$$;
