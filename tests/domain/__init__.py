"""The pure domain: model, rules, changes, drafts, letters, dates, stats, config, text safety."""
