-- sources.md §2.11: typed read of applicative/venue_label (L-1…L-5, L-10).
{{ read_source('applicative', 'venue_label', ['venue_label_id:str', 'venue_label:str']) }}
