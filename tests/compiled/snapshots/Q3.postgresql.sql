-- compiled read (postgresql) of Q3
SELECT CAST(json_build_object('officerDutyDays', (SELECT coalesce(json_agg(json_build_object('force', (SELECT json_build_object('code', s2.c0) FROM (SELECT force.id AS pk, force.code AS c0 
FROM force 
WHERE force.id = CAST(s1.force_id AS INTEGER)) AS s2), 'day', s1.day, 'officerDutyDays', s1.officer_duty_days, 'officers', s1.officers) ORDER BY s1.rn_), '[]'::json) FROM (SELECT * FROM (SELECT sum(duty_day.deployments) AS officer_duty_days, sum(duty_day.officers) AS officers, duty_day.force_id AS force_id, NULL AS region_id, duty_day.day AS day, NULL AS capability_id, NULL AS location_id, NULL AS operation_id, NULL AS requesting_force_id, row_number() OVER (ORDER BY duty_day.force_id, duty_day.day) AS rn_ 
FROM duty_day GROUP BY duty_day.force_id, duty_day.day ORDER BY duty_day.force_id, duty_day.day) AS a ORDER BY a.rn_ ) AS s1)) AS text) AS data
