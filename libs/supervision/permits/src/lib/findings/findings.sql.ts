/**
 * The missing-data findings, set-based in one query: every duty (permit outlet × indicator × frequency) and
 * every monitoring schedule (× indicator, or any sample when it names none) is cut into Beijing calendar
 * periods inside its window (the permit's validity, the schedule's start and end); a period that has ended
 * (its last day ≤ `lastDay`) and holds no sample of the indicator at the outfall is a finding. Any data
 * source counts (self-monitoring, supervisory, manual, online). Only whole periods inside the window are
 * demanded. A sample counts only if it was recorded by `recordedBy` (as-of reports), and the first such
 * sample recorded after the due day (the period's end + `dueDays`) and after the duty itself was registered
 * makes the finding "late" instead of "missing".
 *
 * Parameters: $1 lastDay (date), $2 recordedBy (timestamptz), $3 dueDays (int).
 */
export const FINDINGS_CTE = `
obligation AS (
  SELECT 'non_receipt'::text AS kind, d.id AS ref_id, o.outfall_id, p.entity_id, NULL::uuid AS unit_id,
         d.indicator_code, d.frequency, p.valid_from AS win_start, p.valid_to AS win_end,
         p.id AS permit_id, p.permit_number, o.code AS outlet_code, NULL::uuid AS schedule_id, p.created_at AS registered_at
    FROM permit_duty d
    JOIN permit_outlet o ON o.id = d.outlet_id
    JOIN discharge_permit p ON p.id = o.permit_id
   WHERE p.created_at <= $2
  UNION ALL
  SELECT 'missed_sample', s.id, s.outfall_id,
         (SELECT l.entity_id FROM outfall_entity l WHERE l.outfall_id = s.outfall_id AND l.is_main LIMIT 1),
         s.unit_id, ind.code, s.frequency, s.start_on, COALESCE(s.end_on, DATE '2100-12-31'),
         NULL, NULL, NULL, s.id, s.created_at
    FROM monitoring_schedule s
    CROSS JOIN LATERAL unnest(CASE WHEN cardinality(s.indicator_codes) = 0 THEN ARRAY[NULL]::varchar[]
                                   ELSE s.indicator_codes END) AS ind(code)
   WHERE s.created_at <= $2
),
stepped AS (
  SELECT ob.*,
         CASE ob.frequency WHEN 'daily' THEN interval '1 day' WHEN 'weekly' THEN interval '1 week'
              WHEN 'monthly' THEN interval '1 month' WHEN 'quarterly' THEN interval '3 months'
              WHEN 'half_yearly' THEN interval '6 months' ELSE interval '1 year' END AS step,
         CASE ob.frequency WHEN 'daily' THEN ob.win_start::timestamp
              WHEN 'weekly' THEN date_trunc('week', ob.win_start::timestamp)
              WHEN 'monthly' THEN date_trunc('month', ob.win_start::timestamp)
              WHEN 'quarterly' THEN date_trunc('quarter', ob.win_start::timestamp)
              WHEN 'half_yearly' THEN date_trunc('year', ob.win_start::timestamp)
                   + CASE WHEN extract(month FROM ob.win_start) >= 7 THEN interval '6 months' ELSE interval '0' END
              ELSE date_trunc('year', ob.win_start::timestamp) END AS first_start
    FROM obligation ob
),
period AS (
  SELECT st.*, ps.p_start::date AS period_start, (ps.p_start + st.step - interval '1 day')::date AS period_end
    FROM stepped st
    CROSS JOIN LATERAL generate_series(st.first_start, LEAST(st.win_end, $1::date)::timestamp, st.step) AS ps(p_start)
   WHERE ps.p_start >= st.win_start
     AND (ps.p_start + st.step - interval '1 day')::date <= LEAST(st.win_end, $1::date)
),
finding AS (
  SELECT pr.*, got.recorded_at,
         CASE WHEN got.recorded_at IS NULL THEN 'missing' ELSE 'late' END AS status,
         (pr.period_end + $3::int) AS due_on
    FROM period pr
    LEFT JOIN LATERAL (
      SELECT min(s.created_at) AS recorded_at FROM sample s
       WHERE s.outfall_id = pr.outfall_id
         AND s.sampled_at >= (pr.period_start::timestamp AT TIME ZONE 'Asia/Shanghai')
         AND s.sampled_at < ((pr.period_end + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
         AND s.created_at <= $2
         AND (pr.indicator_code IS NULL
              OR EXISTS (SELECT 1 FROM sample_value v WHERE v.sample_id = s.id AND v.indicator_code = pr.indicator_code))
    ) got ON true
   WHERE got.recorded_at IS NULL
      OR got.recorded_at >= GREATEST(((pr.period_end + 1 + $3::int)::timestamp AT TIME ZONE 'Asia/Shanghai'), pr.registered_at)
)`;

/** The label of a period (`2024-10-01`, `2024-W40`, `2024-10`, `2024Q4`, `2024H2`, `2024`). */
export const PERIOD_LABEL = `CASE f.frequency
  WHEN 'daily' THEN to_char(f.period_start, 'YYYY-MM-DD')
  WHEN 'weekly' THEN to_char(f.period_start, 'IYYY-"W"IW')
  WHEN 'monthly' THEN to_char(f.period_start, 'YYYY-MM')
  WHEN 'quarterly' THEN to_char(f.period_start, 'YYYY"Q"Q')
  WHEN 'half_yearly' THEN to_char(f.period_start, 'YYYY') || CASE WHEN extract(month FROM f.period_start) >= 7 THEN 'H2' ELSE 'H1' END
  ELSE to_char(f.period_start, 'YYYY') END`;
