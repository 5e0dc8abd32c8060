-- sources.md §3.1: typed read of seed/region_department.csv.
{{ read_source('seed', 'region_department', ['num_dep:str', 'dep_name:str', 'region_name:str', 'academy_name:str']) }}
