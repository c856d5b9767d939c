-- The owning department's contacts (주관부서 담당). Params: $city TEXT, $pledge_id TEXT.
SELECT ord, role, name, phone
FROM contacts
WHERE city = $city AND pledge_id = $pledge_id
ORDER BY ord
