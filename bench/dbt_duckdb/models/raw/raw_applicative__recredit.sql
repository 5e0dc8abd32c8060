-- sources.md §2.3: typed read of applicative/recredit (L-1…L-5, L-10).
{{ read_source('applicative', 'recredit', ['recredit_id:str', 'deposit_id:str', 'recredit_amount:dec2', 'recredit_creation_date:dt', 'recredit_type:str']) }}
