-- compiled read (sqlite) of Q1
SELECT json_object('mutualAidRequest', json((SELECT json_object('reference', s1.c0, 'status', s1.c1, 'quantity', s1.c2, 'startsOn', s1.c3, 'endsOn', s1.c4, 'requestingForce', json((SELECT json_object('code', s2.c0, 'name', s2.c1) FROM (SELECT force.id AS pk, force.code AS c0, force.name AS c1 
FROM force 
WHERE force.id = s1.c5) AS s2))) FROM (SELECT mutual_aid_request.id AS pk, mutual_aid_request.reference AS c0, mutual_aid_request.status AS c1, mutual_aid_request.quantity AS c2, mutual_aid_request.starts_on AS c3, mutual_aid_request.ends_on AS c4, mutual_aid_request.requesting_force_id AS c5 
FROM mutual_aid_request 
WHERE mutual_aid_request.reference = CAST(:p0 AS TEXT)) AS s1))) AS data
-- :p0 <- text $reference
