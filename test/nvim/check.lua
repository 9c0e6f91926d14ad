-- Drives the attached server from inside Neovim and writes what it saw to RUNLENS_NVIM_OUT as JSON.
local out = { errors = {} }
local bufnr = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(bufnr)

local function finish()
  out.log = _G.runlens.log
  out.states = _G.runlens.states
  local file = io.open(os.getenv('RUNLENS_NVIM_OUT'), 'w')
  file:write(vim.fn.json_encode(out))
  file:close()
  vim.cmd('qall!')
end

local function request(method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, 10000)
  if not responses then
    table.insert(out.errors, method .. ': ' .. tostring(err))
    return nil
  end
  for _, response in pairs(responses) do
    if response.err then table.insert(out.errors, method .. ': ' .. vim.inspect(response.err)) end
    return response.result
  end
end

local ok, problem = pcall(function()
  out.attached = vim.wait(10000, function() return #vim.lsp.buf_get_clients(bufnr) > 0 end, 20)
  out.traced = vim.wait(20000, function() return #_G.runlens.finished > 0 end, 20)
  out.finished = _G.runlens.finished
  local client = vim.lsp.get_client_by_id(_G.runlens.client_id)
  out.inlayHintProvider = client.server_capabilities.inlayHintProvider ~= nil

  local hover = request('textDocument/hover', { textDocument = { uri = uri }, position = { line = 8, character = 4 } })
  out.hover = hover and hover.contents and hover.contents.value or vim.NIL

  vim.lsp.codelens.refresh()
  vim.wait(10000, function() return #vim.lsp.codelens.get(bufnr) > 0 end, 20)
  out.lenses = {}
  for _, lens in ipairs(vim.lsp.codelens.get(bufnr)) do
    table.insert(out.lenses, { line = lens.range.start.line, title = lens.command and lens.command.title or vim.NIL })
  end

  local actions = request('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = 19, character = 4 }, ['end'] = { line = 19, character = 4 } },
    context = { diagnostics = {} },
  }) or {}
  out.actions = {}
  local predict
  for _, action in ipairs(actions) do
    table.insert(out.actions, action.title)
    if action.title:find('^Predict output:') then predict = action end
  end
  if predict then
    local command = type(predict.command) == 'table' and predict.command or predict
    out.prediction = request('workspace/executeCommand', { command = command.command, arguments = command.arguments })
  end
end)
if not ok then table.insert(out.errors, tostring(problem)) end
finish()
