/**
 * The scripts `completion SHELL` prints. Each is small on purpose: on TAB it calls the binary back with
 * `__complete WORD…` and acts on the answer (candidates, then cobra's `:DIRECTIVE`), so every rule of what
 * to complete lives in one place, `complete.ts`. `@NAME@` is the command completed (`kr8s`, or
 * `kubectl-ng`), `@ID@` the same made fit for a function name.
 */
import type { SHELLS } from "./complete.ts";

const TEMPLATES: Record<(typeof SHELLS)[number], string> = {
  bash: `# bash completion for @NAME@                                  -*- shell-script -*-
# Written by \`@NAME@ completion bash\`. On TAB it runs \`@NAME@ __complete WORD…\`, which prints the
# candidates one per line (a tab before a description) and then \`:DIRECTIVE\`, cobra's protocol as
# kubectl's: 1 = offer nothing, 2 = no space after the candidate, 4 = no file names.

__@ID@_complete() {
  local line=\${COMP_LINE:0:COMP_POINT} pos=0 i rest blank word current
  local -a words=()
  # The words up to the cursor. Bash cuts \`--output=json\` and \`system:auth\` at \`=\` and \`:\`
  # (COMP_WORDBREAKS): a piece with no blank before it is glued back on to the word before it.
  for ((i = 0; i <= COMP_CWORD; i++)); do
    rest=\${line:pos}
    blank=\${rest%%[![:space:]]*}
    pos=$((pos + \${#blank}))
    if ((i == COMP_CWORD)); then word=\${line:pos}; else word=\${COMP_WORDS[i]}; fi
    if ((i > 0 && \${#blank} == 0)); then
      words[\${#words[@]} - 1]+=$word
    else
      words+=("$word")
    fi
    pos=$((pos + \${#word}))
  done
  # What readline replaces: the text after the last blank or COMP_WORDBREAKS character (\`--output=\`
  # is the word bash gives, but only what follows the \`=\` is replaced).
  local breaks=\${COMP_WORDBREAKS:-$' \\t\\n'}
  current=\${line##*[$breaks]}

  local out last directive typed strip candidate value
  COMPREPLY=()
  out=$("\${words[0]}" __complete "\${words[@]:1}" 2>/dev/null)
  last=\${out##*$'\\n'}
  if [[ $last != :* ]]; then
    compopt +o default 2>/dev/null
    return 0
  fi
  directive=\${last#:}
  out=\${out%"$last"}
  if ((directive & 1)); then
    compopt +o default 2>/dev/null
    return 0
  fi
  # The candidates complete the whole word, or a flag's value after its \`=\` (\`--output=js\` → \`json\`):
  # they lose what comes before the text readline replaces.
  typed=\${words[\${#words[@]} - 1]}
  [[ $typed == -*=* ]] && typed=\${typed#*=}
  strip=$((\${#typed} - \${#current}))
  while IFS= read -r candidate; do
    [[ -n $candidate ]] || continue
    value=\${candidate%%$'\\t'*}
    COMPREPLY+=("\${value:strip}")
  done <<<"$out"
  ((directive & 2)) && compopt -o nospace 2>/dev/null
  ((directive & 4)) && compopt +o default 2>/dev/null
  return 0
}

complete -o default -F __@ID@_complete @NAME@
`,
  zsh: `#compdef @NAME@
# zsh completion for @NAME@, written by \`@NAME@ completion zsh\`. On TAB it runs
# \`@NAME@ __complete WORD…\`, which prints the candidates one per line (a tab before a description)
# and then \`:DIRECTIVE\`, cobra's protocol as kubectl's: 1 = offer nothing, 2 = no space after the
# candidate, 4 = no file names.

__@ID@_complete() {
  local out directive line value described=0
  local -a lines values displays options
  out=$("\${words[1]}" __complete "\${(@)words[2,CURRENT-1]}" "$PREFIX" 2>/dev/null)
  lines=("\${(@f)out}")
  [[ \${lines[-1]} == :<-> ]] || return 1
  directive=\${lines[-1]#:}
  lines=("\${(@)lines[1,-2]}")
  ((directive & 1)) && return 1
  for line in "\${lines[@]}"; do
    [[ -n $line ]] || continue
    value=\${line%%$'\\t'*}
    values+=("$value")
    if [[ $line == *$'\\t'* ]]; then
      displays+=("$value  -- \${line#*$'\\t'}")
      described=1
    else
      displays+=("$value")
    fi
  done
  if ((\${#values} == 0)); then
    ((directive & 4)) && return 1
    _files
    return
  fi
  # A flag's values come without the flag (\`--output=js\` → \`json\`): the \`--output=\` is kept as is.
  [[ $PREFIX == -*=* ]] && compset -P 1 '*='
  options=(-d displays)
  ((described)) && options+=(-l)
  ((directive & 2)) && options+=(-S '')
  compadd "\${options[@]}" -a values
}

if [[ \${funcstack[1]} == _@NAME@ ]]; then
  # Autoloaded from a file named _@NAME@ in $fpath: this is the first TAB.
  __@ID@_complete "$@"
else
  compdef __@ID@_complete @NAME@
fi
`,
  fish: `# fish completion for @NAME@, written by \`@NAME@ completion fish\`. On TAB it runs
# \`@NAME@ __complete WORD…\`, which prints the candidates one per line (a tab before a description)
# and then \`:DIRECTIVE\`, cobra's protocol as kubectl's: 1 = offer nothing, 2 = no space after the
# candidate, 4 = no file names.

function __@ID@_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    set -l out ($words[1] __complete $words[2..] "$current" 2>/dev/null)
    string match -qr -- '^:[0-9]+$' "$out[-1]"; or return
    set -l directive (string sub -s 2 -- $out[-1])
    set -e out[-1]
    test (math "bitand($directive, 1)") -eq 0; or return
    if test (count $out) -eq 0
        # No candidate: file names, unless the directive says no.
        test (math "bitand($directive, 4)") -eq 0; and __fish_complete_path "$current"
        return
    end
    # A flag's values come without the flag (\`--output=js\` → \`json\`): fish replaces the whole token.
    set -l flag (string match -r -- '^-[^=]*=' "$current")
    printf '%s%s\\n' "$flag" $out
end

complete -c @NAME@ -f -a '(__@ID@_complete)'
`,
  powershell: `# powershell completion for @NAME@, written by \`@NAME@ completion powershell\`. On TAB it runs
# \`@NAME@ __complete WORD…\`, which prints the candidates one per line (a tab before a description)
# and then \`:DIRECTIVE\`, cobra's protocol as kubectl's: 1 = offer nothing, 2 = no space after the
# candidate, 4 = no file names.

Register-ArgumentCompleter -Native -CommandName '@NAME@' -ScriptBlock {
    param($WordToComplete, $CommandAst, $CursorPosition)
    # The words before the cursor; the one being completed is passed as typed so far.
    $Elements = @($CommandAst.CommandElements | Where-Object { $_.Extent.StartOffset -lt $CursorPosition })
    $Words = @($Elements | Select-Object -Skip 1 | ForEach-Object { $_.Extent.Text })
    if ($WordToComplete -ne '') { $Words = @($Words | Select-Object -SkipLast 1) }
    # Before PowerShell 7.3 an empty argument does not reach a native command unless quoted.
    $Current = if ($WordToComplete -eq '' -and $PSVersionTable.PSVersion -lt [version]'7.3') { '""' } else { $WordToComplete }
    $Out = @(& $Elements[0].Extent.Text __complete @Words $Current 2>$null)
    if ($Out.Count -eq 0 -or $Out[-1] -notmatch '^:(\\d+)$') { return }
    $Directive = [int]$Matches[1]
    if ($Directive -band 1) { return }
    $Candidates = @($Out | Select-Object -SkipLast 1 | Where-Object { $_ -ne '' })
    if ($Candidates.Count -eq 0) {
        # An empty answer lets PowerShell offer file names; a blank one stops it.
        if ($Directive -band 4) { [System.Management.Automation.CompletionResult]::new(' ', ' ', 'ParameterValue', ' ') }
        return
    }
    # A flag's values come without the flag (\`--output=js\` → \`json\`): PowerShell replaces the whole word.
    $Flag = if ($WordToComplete -match '^(-[^=]*=)') { $Matches[1] } else { '' }
    foreach ($Candidate in $Candidates) {
        $Value, $Description = $Candidate -split "\`t", 2
        if (-not $Description) { $Description = $Value }
        # PowerShell adds no space after a completion: add one unless the directive says no.
        $Text = if ($Directive -band 2) { "$Flag$Value" } else { "$Flag$Value " }
        [System.Management.Automation.CompletionResult]::new($Text, $Value, 'ParameterValue', $Description)
    }
}
`,
};

/** The completion script of `shell` for the command `name`. */
export function completionScript(shell: (typeof SHELLS)[number], name: string): string {
  const id = name.replace(/[^A-Za-z0-9_]/g, "_");
  return TEMPLATES[shell].replaceAll("@ID@", id).replaceAll("@NAME@", name);
}
