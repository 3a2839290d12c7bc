-- compiled read (sqlite) of Q2
WITH page1 AS (SELECT mutual_aid_request.id AS pk, mutual_aid_request.reference AS c0, mutual_aid_request.status AS c1, mutual_aid_request.quantity AS c2, mutual_aid_request.starts_on AS c3, mutual_aid_request.ends_on AS c4, mutual_aid_request.requesting_force_id AS c5, row_number() OVER (ORDER BY mutual_aid_request.reference, mutual_aid_request.id) AS rn 
FROM mutual_aid_request ORDER BY mutual_aid_request.reference, mutual_aid_request.id
 LIMIT CAST(:p0 AS INTEGER) + 1 OFFSET 0) SELECT json_object('mutualAidRequests', json_object('nodes', json((SELECT json_group_array(json(json_object('reference', s1.c0, 'status', s1.c1, 'quantity', s1.c2, 'startsOn', s1.c3, 'endsOn', s1.c4, 'requestingForce', json((SELECT json_object('code', s2.c0, 'name', s2.c1) FROM (SELECT force.id AS pk, force.code AS c0, force.name AS c1 
FROM force 
WHERE force.id = s1.c5) AS s2)), 'commitments', json((SELECT json_group_array(json(json_object('status', s3.c0, 'providingForce', json((SELECT json_object('code', s4.c0, 'name', s4.c1) FROM (SELECT force.id AS pk, force.code AS c0, force.name AS c1 
FROM force 
WHERE force.id = s3.c1) AS s4))))) FROM (SELECT commitment.id AS pk, commitment.status AS c0, commitment.providing_force_id AS c1, commitment.sequence AS o0, commitment.id AS o1 
FROM commitment 
WHERE commitment.request_id = s1.pk ORDER BY commitment.sequence, commitment.id
 LIMIT -1 OFFSET 0) AS s3)), 'deployments', json((SELECT json_group_array(json(json_object('dutyDate', s5.c0, 'status', s5.c1, 'officer', json((SELECT json_object('id', s6.c0, 'detective', json(CASE WHEN s6.c1 IS NULL THEN NULL WHEN s6.c1 THEN 'true' ELSE 'false' END), 'rank', (CASE s6.c2 WHEN 'PC' THEN json('{"code"\:"PC"}') WHEN 'SGT' THEN json('{"code"\:"SGT"}') WHEN 'INSP' THEN json('{"code"\:"INSP"}') WHEN 'CI' THEN json('{"code"\:"CI"}') WHEN 'SUPT' THEN json('{"code"\:"SUPT"}') WHEN 'CHSUPT' THEN json('{"code"\:"CHSUPT"}') WHEN 'ACC' THEN json('{"code"\:"ACC"}') WHEN 'CMDR' THEN json('{"code"\:"CMDR"}') WHEN 'DCC' THEN json('{"code"\:"DCC"}') WHEN 'DAC' THEN json('{"code"\:"DAC"}') WHEN 'CC' THEN json('{"code"\:"CC"}') WHEN 'AC' THEN json('{"code"\:"AC"}') WHEN 'DEPCOMM' THEN json('{"code"\:"DEPCOMM"}') WHEN 'COMM' THEN json('{"code"\:"COMM"}') ELSE NULL END)) FROM (SELECT officer.id AS pk, officer.gid AS c0, officer.detective AS c1, officer.rank AS c2 
FROM officer 
WHERE officer.id = s5.c2) AS s6)), 'location', json((SELECT json_object('code', s7.c0, 'name', s7.c1) FROM (SELECT location.id AS pk, location.code AS c0, location.name AS c1 
FROM location 
WHERE location.id = s5.c3) AS s7))))) FROM (SELECT deployment.id AS pk, deployment.duty_date AS c0, deployment.status AS c1, deployment.officer_id AS c2, deployment.location_id AS c3, deployment.duty_date AS o0, deployment.id AS o1 
FROM deployment JOIN duty_unit AS deployed_duty ON deployed_duty.id = deployment.duty_unit_id JOIN planning_unit AS via_unit ON via_unit.id = deployed_duty.planning_unit_id JOIN commitment AS via_commitment ON via_commitment.id = via_unit.commitment_id 
WHERE via_commitment.request_id = s1.pk ORDER BY deployment.duty_date, deployment.id
 LIMIT CAST(:p1 AS INTEGER) OFFSET 0) AS s5))))) FROM (SELECT * FROM page1 WHERE rn <= CAST(:p0 AS INTEGER) ORDER BY rn LIMIT -1) AS s1)), 'pageInfo', json_object('hasNextPage', json(CASE WHEN ((SELECT count(*) FROM page1) > CAST(:p0 AS INTEGER)) IS NULL THEN NULL WHEN ((SELECT count(*) FROM page1) > CAST(:p0 AS INTEGER)) THEN 'true' ELSE 'false' END), 'endCursor', (SELECT hub_cursor('REFERENCE', 0, s1.pk) FROM page1 AS s1 WHERE rn <= CAST(:p0 AS INTEGER) ORDER BY rn DESC LIMIT 1)))) AS data
-- :p0 <- page_size 100
-- :p1 <- limit 10
