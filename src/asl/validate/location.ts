// AWS's locations: `/`-joined field names, raw (unescaped) state names, `Field[i]` for array items.
export function child(location: string, field: string): string {
  return `${location}/${field}`;
}

export function item(location: string, field: string, index: number): string {
  return `${location}/${field}[${index}]`;
}
