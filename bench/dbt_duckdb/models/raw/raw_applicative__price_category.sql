-- sources.md §2.6: typed read of applicative/price_category (L-1…L-5, L-10).
{{ read_source('applicative', 'price_category', ['price_category_id:str', 'offer_id:str', 'price:dec2', 'price_category_label:str']) }}
