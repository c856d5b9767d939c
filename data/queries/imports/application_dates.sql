-- When each application of a city was made. Params: $city TEXT.
SELECT pledge_id, application_id, applied_on FROM applications WHERE city = $city
