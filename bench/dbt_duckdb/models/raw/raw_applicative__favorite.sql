-- sources.md §2.15: typed read of applicative/favorite (L-1…L-5, L-10).
{{ read_source('applicative', 'favorite', ['id:str', 'userid:str', 'offerid:str', 'datecreated:dt']) }}
