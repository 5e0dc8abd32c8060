-- sources.md §2.12: typed read of applicative/offerer (L-1…L-5, L-10).
{{ read_source('applicative', 'offerer', ['offerer_id:str', 'offerer_name:str', 'offerer_siren:str', 'offerer_is_active:bool', 'offerer_validation_status:str', 'offerer_creation_date:dt', 'offerer_validation_date:dt']) }}
