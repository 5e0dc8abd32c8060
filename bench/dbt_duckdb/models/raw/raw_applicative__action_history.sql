-- sources.md §2.14: typed read of applicative/action_history (L-1…L-5, L-10).
{{ read_source('applicative', 'action_history', ['action_history_id:str', 'action_type:str', 'action_history_json_data:str', 'user_id:str', 'action_date:dt'], integer_text=['action_history_id']) }}
