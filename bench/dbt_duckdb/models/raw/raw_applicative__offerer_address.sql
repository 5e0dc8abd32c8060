-- sources.md §2.13: typed read of applicative/offerer_address (L-1…L-5, L-10).
{{ read_source('applicative', 'offerer_address', ['offerer_address_id:str', 'venue_id:str', 'offerer_address_type:str', 'address_street:str', 'address_postal_code:str', 'address_department_code:str', 'address_latitude:f64', 'address_longitude:f64']) }}
