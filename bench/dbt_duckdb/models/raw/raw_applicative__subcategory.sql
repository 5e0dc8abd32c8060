-- sources.md §2.9: typed read of applicative/subcategory (L-1…L-5, L-10).
{{ read_source('applicative', 'subcategory', ['id:str', 'category_id:str', 'is_event:bool', 'is_physical_deposit:bool', 'is_digital_deposit:bool', 'search_group_name:str']) }}
