package web

// EntityFieldLabel returns the label of an entity's import field in the
// reader's language: the entity's own ("imp.field.activities.kind", Kind
// of activity) when the field means another thing there than elsewhere
// (an order's kind), else FieldLabel's.
func (v *view) EntityFieldLabel(entity, field string) string {
	key := "imp.field." + entity + "." + field
	if _, ok := catalogs["en"][key]; ok && entity != "" && field != "" {
		return translate(v.Lang, key)
	}
	return v.FieldLabel(field)
}
