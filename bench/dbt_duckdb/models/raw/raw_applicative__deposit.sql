-- sources.md §2.2: typed read of applicative/deposit (L-1…L-5, L-10).
{{ read_source('applicative', 'deposit', ['id:str', 'userid:str', 'amount:dec2', 'source:str', 'datecreated:dt', 'dateupdated:dt', 'expirationdate:dt', 'type:str']) }}
