-- mrt_global__user (marts.md), R-1: exactly int_global__user.
select * from {{ ref('int_global__user') }}
