-- sources.md §2.16: typed read of applicative/offerer_tag (L-1…L-5, L-10).
{{ read_source('applicative', 'offerer_tag', ['offerer_id:str', 'tag_name:str']) }}
