-- compiled read (sqlite) of Q3
SELECT json_object('officerDutyDays', json((SELECT json_group_array(json(json_object('force', json((SELECT json_object('code', s2.c0) FROM (SELECT force.id AS pk, force.code AS c0 
FROM force 
WHERE force.id = CAST(s1.force_id AS INTEGER)) AS s2)), 'day', s1.day, 'officerDutyDays', s1.officer_duty_days, 'officers', s1.officers))) FROM (SELECT * FROM (SELECT count(deployment.id) AS officer_duty_days, count(DISTINCT deployment.officer_id) AS officers, officer.force_id AS force_id, NULL AS region_id, deployment.duty_date AS day, NULL AS capability_id, NULL AS location_id, NULL AS operation_id, NULL AS requesting_force_id, row_number() OVER (ORDER BY officer.force_id, deployment.duty_date) AS rn_ 
FROM deployment JOIN officer ON officer.id = deployment.officer_id 
WHERE deployment.status != 'CANCELLED' GROUP BY officer.force_id, deployment.duty_date ORDER BY officer.force_id, deployment.duty_date) AS a ORDER BY a.rn_ LIMIT -1) AS s1))) AS data
