-- A person in Neovim, headless: types an error and removes it, jumps from `depends_on` and from a
-- heading with non-ASCII text to the task, and renames a task id across files, through
-- Neovim's own LSP client (0.7's `vim.lsp.start_client`, which Debian ships). Writes what it saw
-- to $RESULT as JSON; Tests/LSP/test_neovim.py checks it.
local root = os.getenv("PROJECT")
local result = {}
local published = 0

local function fail(message)
  result.error = message
  vim.fn.writefile({ vim.fn.json_encode(result) }, os.getenv("RESULT"))
  vim.cmd("qa!")
end

local function wait(what, predicate)
  if not vim.wait(20000, predicate, 20) then fail("timed out waiting for " .. what) end
end

vim.cmd("edit " .. root .. "/workplans/CUST-WP-0006-follow-up.md")
local buffer = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "workplan",
  cmd = { os.getenv("WORKPLAN_BIN"), "lsp" },
  root_dir = root,
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, params, context, config)
      published = published + 1
      vim.lsp.diagnostic.on_publish_diagnostics(err, params, context, config)
    end,
  },
})
vim.lsp.buf_attach_client(buffer, client)
wait("the first diagnostics", function() return published > 0 end)
result.opened = #vim.diagnostic.get(buffer)

-- Typing an error: the finding appears without saving, as lint reports it once saved.
vim.api.nvim_buf_set_lines(buffer, 21, 22, true, { "status: tood" })
wait("the finding", function() return #vim.diagnostic.get(buffer) > 0 end)
local found = vim.diagnostic.get(buffer)[1]
result.typed = { line = found.lnum + 1, column = found.col + 1, code = found.code, message = found.message }
vim.cmd("write")
result.lint = vim.fn.json_decode(vim.fn.system({ os.getenv("WORKPLAN_BIN"), "lint", "--format", "json" }))
vim.api.nvim_buf_set_lines(buffer, 21, 22, true, { "status: todo" })
wait("the finding to go", function() return #vim.diagnostic.get(buffer) == 0 end)
vim.cmd("write")

-- Jumps to the declaration of CUST-WP-0005-T02: from `depends_on`, and from the heading, whose
-- id stands after letters of two bytes and an emoji of four (Neovim counts bytes; the protocol
-- UTF-16 units).
local function jump(line, byte_column)
  vim.api.nvim_set_current_buf(buffer)
  vim.api.nvim_win_set_cursor(0, { line, byte_column })
  local answers = vim.lsp.buf_request_sync(buffer, "textDocument/definition", vim.lsp.util.make_position_params(), 10000)
  local location = answers and answers[client] and answers[client].result
  if not location then fail("no definition at " .. line .. ":" .. byte_column) end
  vim.lsp.util.jump_to_location(location, "utf-16")
  local cursor = vim.api.nvim_win_get_cursor(0)
  return { file = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(0), ":t"), line = cursor[1], column = cursor[2] }
end
result.from_depends_on = jump(24, 20)
local heading = vim.api.nvim_buf_get_lines(buffer, 17, 18, true)[1]
result.from_heading = jump(18, (heading:find("CUST%-WP%-0005%-T02")) + 3)

-- Renames CUST-WP-0005-T02 everywhere in one step, and saves every file.
vim.api.nvim_set_current_buf(buffer)
vim.api.nvim_win_set_cursor(0, { 24, 20 })
local params = vim.lsp.util.make_position_params()
params.newName = "CUST-WP-0005-T12"
local answers = vim.lsp.buf_request_sync(buffer, "textDocument/rename", params, 10000)
local edit = answers and answers[client] and answers[client].result
if not edit then fail("no rename edit") end
vim.lsp.util.apply_workspace_edit(edit, "utf-16")
vim.cmd("wall")
result.renamed = true

vim.lsp.stop_client(client)
vim.fn.writefile({ vim.fn.json_encode(result) }, os.getenv("RESULT"))
vim.cmd("qa!")
