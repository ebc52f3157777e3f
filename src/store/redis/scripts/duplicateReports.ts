/**
 * The report a burst of filings repeats (并单), changed by each of them at once: these scripts
 * change it without a version check, so concurrent filings never conflict on it. Each bumps its
 * version all the same, so a lifecycle step decided on a copy read before is refused (a
 * transition writes the whole hash, links and count included).
 *
 * Links are a JSON array in the hash's `links` field; `duplicateReports` is the count (absent on
 * tickets written before it, whose listed `duplicated_by` links are then the count).
 */
const LISTED_AND_COUNT = `
local links = redis.call('HGET', KEYS[1], 'links') or '[]'
local decoded = cjson.decode(links)
local listed = 0
for _, l in ipairs(decoded) do
  if l.kind == 'duplicated_by' then listed = listed + 1 end
end
local count = tonumber(redis.call('HGET', KEYS[1], 'duplicateReports') or '')
if count == nil then count = listed end
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0') + 1
`;

/**
 * addDuplicate: links one more report to the report it repeats.
 *
 * KEYS[1] ticket hash  KEYS[2] history list (one slot: `{t:<id>}`)
 * ARGV[1] the `duplicated_by` link (JSON)  ARGV[2] links listed at most
 * ARGV[3] the event (JSON) up to the count: the script appends the count and `}}` (its data
 * object ends with `"reports":`)  ARGV[4] updatedAt (JSON string)
 * ARGV[5], ARGV[6] (optional) the department and district the caller found it reported at: its
 * lead department, else its first-contact department, else the model's (duplicateDepartment)
 * Returns {count, 1 if already proposed for 顶格协调 else 0}; -1 when the ticket does not exist,
 * -2 when it is closed, -3 when it is no longer at that department and district (nothing
 * written).
 */
export const ADD_DUPLICATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HGET', KEYS[1], 'status') == '"closed"' then return -2 end
if ARGV[5] then
  local f = redis.call('HMGET', KEYS[1], 'district', 'leadDepartment', 'firstContactDepartment',
    'classification')
  local function text(raw)
    if not raw then return nil end
    local v = cjson.decode(raw)
    if type(v) == 'string' and v ~= '' then return v end
    return nil
  end
  local department = text(f[2]) or text(f[3])
  if not department and f[4] then
    local c = cjson.decode(f[4])
    if type(c) == 'table' and type(c.department) == 'string' then department = c.department end
  end
  if text(f[1]) ~= ARGV[6] or department ~= ARGV[5] then return -3 end
end
${LISTED_AND_COUNT}
count = count + 1
if listed < tonumber(ARGV[2]) then
  if #decoded == 0 then links = '[' .. ARGV[1] .. ']'
  else links = string.sub(links, 1, -2) .. ',' .. ARGV[1] .. ']' end
end
redis.call('HSET', KEYS[1], 'links', links, 'duplicateReports', count, 'version', version,
  'updatedAt', ARGV[4])
redis.call('RPUSH', KEYS[2], ARGV[3] .. count .. '}}')
local proposal = redis.call('HGET', KEYS[1], 'coordinationProposal')
return {count, (proposal and proposal ~= 'null') and 1 or 0}
`;

/**
 * removeDuplicate: takes one report off the reports linked to a ticket (duty staff reject the
 * merge, or a filing takes back a link it could not finish).
 *
 * KEYS[1] ticket hash  KEYS[2] history list
 * ARGV[1] the report's ticket id  ARGV[2] '1' when the caller knows the report was counted
 * ARGV[3] event (JSON)  ARGV[4] updatedAt (JSON string)
 * Returns the new count; -1 when the ticket does not exist; -2 when the report is neither listed
 * nor known to be counted (nothing written).
 */
export const REMOVE_DUPLICATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
${LISTED_AND_COUNT}
local kept = {}
local removed = false
for _, l in ipairs(decoded) do
  if l.kind == 'duplicated_by' and l.ticketId == ARGV[1] then removed = true
  else kept[#kept + 1] = cjson.encode(l) end
end
if not removed and ARGV[2] ~= '1' then return -2 end
if removed then links = '[' .. table.concat(kept, ',') .. ']' end
if count > 0 then count = count - 1 end
redis.call('HSET', KEYS[1], 'links', links, 'duplicateReports', count, 'version', version,
  'updatedAt', ARGV[4])
redis.call('RPUSH', KEYS[2], ARGV[3])
return count
`;

/**
 * proposeCoordination: marks an open ticket proposed for 顶格协调 unless it already is (a
 * hotspot: many filings cross the threshold together, one marker and one event are written).
 *
 * KEYS[1] ticket hash  KEYS[2] history list
 * ARGV[1] the proposal (JSON)  ARGV[2] event (JSON)  ARGV[3] updatedAt (JSON string)
 * Returns 1 when marked; 0 when closed or already proposed (nothing written); -1 when the
 * ticket does not exist.
 */
export const PROPOSE_COORDINATION = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HGET', KEYS[1], 'status') == '"closed"' then return 0 end
local proposal = redis.call('HGET', KEYS[1], 'coordinationProposal')
if proposal and proposal ~= 'null' then return 0 end
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0') + 1
redis.call('HSET', KEYS[1], 'coordinationProposal', ARGV[1], 'version', version,
  'updatedAt', ARGV[3])
redis.call('RPUSH', KEYS[2], ARGV[2])
return 1
`;
