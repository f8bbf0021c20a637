"""The office's screens of the search (推荐结果, 同义词, 搜索词库, 搜索统计)."""
