-- sources.md §2.8: typed read of applicative/product (L-1…L-5, L-10).
{{ read_source('applicative', 'product', ['id:str', 'description:str', 'jsondata:str', 'ean:str']) }}
